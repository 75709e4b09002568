"""This process's send budget at start: resumed at the rate learned before a restart, or,
with several replicas, this replica's part of the bot's whole budget."""

from __future__ import annotations

import logging

from bot.domain.budget import Learned
from bot.domain.clock import Clock
from bot.domain.messenger import send_ceiling
from bot.domain.settings import Settings
from bot.runtime.replicas import Replicas
from bot.sending.budget import SendBudget
from bot.sending.shared_budget import SharedBudget
from storage import Storage

logger = logging.getLogger(__name__)


async def resume_budget(budget: SendBudget, storage: Storage, clock: Clock, bot: str) -> None:
    """Goes on at the rate learned before the restart (no burst of 429s), and keeps it."""
    learned = await storage.budget.learned(bot)

    async def keep(now_learned: Learned) -> None:
        await storage.budget.keep(bot, now_learned, clock.now())

    budget.resume(learned, keep)
    if learned is not None:
        logger.info("Sending at the learned %.1f messages a second", budget.rate)


async def share_budget(
    budget: SendBudget,
    storage: Storage,
    clock: Clock,
    bot: str,
    settings: Settings,
    replicas: Replicas,
) -> SharedBudget:
    """With several replicas: this one's part of the bot's budget, from the bot's learned
    rate (kept whole in the database, by whichever replica learns)."""

    async def keep(whole: Learned) -> None:
        await storage.budget.keep(bot, whole, clock.now())

    shared = SharedBudget(budget, ceiling=send_ceiling(settings), save=keep)
    learned, live = await storage.together(storage.budget.learned(bot), replicas.join())
    shared.resume(learned, live)
    logger.info(
        "Sending at %.1f messages a second, this replica's part of %d",
        budget.rate,
        shared.replicas,
    )
    return shared
