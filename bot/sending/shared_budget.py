"""The send budget shared by replicas: each spends its part of the bot's limit.

The messenger limits the bot, whichever process sends. So with N live replicas (their
heartbeats, storage/replicas.py) each replica's `SendBudget` runs at 1/N of the bot's rate:
its ceiling, rate and known limit are this replica's part, and replies still go first
within each replica. Learning stays in each replica's units, which is what it measures: at
a 429 a replica counts its own successes of the last second, about its part of the limit
when all are busy. The learned row in the database is the bot's whole rate (this replica's
times N), so a replica that starts, or a count that changes, goes on from the sum.

Shares are equal: replicas behind a round-robin balancer receive about the same replies,
and they take outbox batches in turn. When a replica dies, the others' parts grow at their
next beat; until then the bot sends a little below its limit, never above it.
"""

from __future__ import annotations

import logging

from bot.domain.budget import Learned
from bot.sending.budget import SaveLearned, SendBudget

logger = logging.getLogger(__name__)


class SharedBudget:
    """Keeps one replica's `SendBudget` at its part of the bot's budget."""

    def __init__(self, budget: SendBudget, *, ceiling: float, save: SaveLearned) -> None:
        self.budget = budget
        self.ceiling = ceiling  # the bot's, for all replicas together
        self.replicas = 1
        self._save = save  # keeps the bot's whole rate
        budget.resume(None, self._keep)

    def resume(self, learned: Learned | None, replicas: int) -> None:
        """Goes on from the bot's learned rate (kept by any replica), at this part of it."""
        self.replicas = max(1, replicas)
        self._apply(learned)

    def share(self, replicas: int) -> None:
        """The live replicas are now `replicas`: this one's part grows or shrinks."""
        replicas = max(1, replicas)
        if replicas == self.replicas:
            return
        whole = self.whole(self.budget.learner.learned)
        logger.info("Send budget shared by %d replicas now (was %d)", replicas, self.replicas)
        self.replicas = replicas
        self._apply(whole)

    def whole(self, part: Learned) -> Learned:
        """A replica's learned part as the bot's whole rate."""
        limit = None if part.limit is None else part.limit * self.replicas
        return Learned(round(part.rate * self.replicas, 3), limit)

    def _apply(self, whole: Learned | None) -> None:
        part_ceiling = self.ceiling / self.replicas
        part = None
        if whole is not None:
            limit = None if whole.limit is None else whole.limit / self.replicas
            part = Learned(min(whole.rate / self.replicas, part_ceiling), limit)
        elif self.budget.rate > part_ceiling:
            part = Learned(part_ceiling, self.budget.learner.limit)
        self.budget.resume(part, self._keep, ceiling=part_ceiling)

    async def _keep(self, part: Learned) -> None:
        await self._save(self.whole(part))
