"""What every handler needs, built once in post_init and kept in bot_data."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.call_admin import CallAdmin
from bot.clock import Clock
from bot.flood import FloodGuard
from bot.journey import Journey
from bot.messenger import Profile
from bot.notices import Notices
from bot.outbox import Outbox
from bot.scheduler import Scheduler
from bot.settings import Settings
from storage import Storage


@dataclass
class Services:
    settings: Settings
    storage: Storage
    clock: Clock
    journey: Journey
    outbox: Outbox
    notices: Notices
    admin: CallAdmin
    scheduler: Scheduler
    profile: Profile
    bot_username: str = ""
    flood: FloodGuard = field(default_factory=FloodGuard)

    def deep_link(self, payload: str = "") -> str:
        """The link that opens a private chat with the bot (with a /start payload)."""
        suffix = f"?start={payload}" if payload else ""
        return f"{self.profile.deep_link_base}{self.bot_username}{suffix}"
