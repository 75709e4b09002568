"""What every handler needs, built once by the runtime (`build_services`) and kept in bot_data.

Handlers reach the database only through these services: the container holds no storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.clock import Clock
from bot.domain.messenger import Entry, Profile
from bot.domain.settings import Settings
from bot.sending.notices import Notices
from bot.sending.outbox import Outbox
from bot.services.admin_sessions import AdminSessions
from bot.services.broadcasts import Broadcasts
from bot.services.call_admin import CallAdmin
from bot.services.calls import Calls
from bot.services.channels import ChannelPosts
from bot.services.directory import Directory
from bot.services.flood import FloodGuard
from bot.services.journey import Journey
from bot.services.moves import DateMoves
from bot.services.people import People
from bot.services.privacy import Privacy
from bot.services.registrants import Registrants
from bot.services.registrations import Registrations
from bot.services.reports import Reports
from bot.services.scheduler import Scheduler
from bot.services.search import Search


@dataclass(frozen=True, kw_only=True)
class Services:
    settings: Settings
    clock: Clock
    profile: Profile
    # What volunteers do.
    people: People
    calls: Calls
    journey: Journey
    registrations: Registrations
    privacy: Privacy
    # What admins do.
    admin: CallAdmin
    sessions: AdminSessions
    broadcasts: Broadcasts
    channels: ChannelPosts  # Eitaa's (an empty list without EITAA_CHANNELS)
    reports: Reports
    search: Search
    moves: DateMoves
    registrants: Registrants
    directory: Directory
    # What runs by itself.
    outbox: Outbox
    notices: Notices
    scheduler: Scheduler
    flood: FloodGuard = field(default_factory=FloodGuard)
    bot_username: str = ""

    def entry(self, payload: str = "") -> Entry:
        """How a person opens a private chat with the bot (with a /start payload): a link,
        or where the messenger has none known, its @username and the command to send."""
        return self.profile.entry(self.bot_username, payload)
