"""What admins read about their calls: the overview, statistics, exports, reminders, audit."""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path

from bot.domain.audit import AuditEvent
from bot.domain.calls import Call, CallStatus
from bot.domain.clock import Clock
from bot.domain.models import RegistrationStatus
from bot.domain.reminders import Reminder
from bot.domain.stats import CallStats
from bot.services.export import export_file
from bot.services.stats import call_stats
from bot.ui.texts import Translator
from storage import Storage

AUDIT_LINES = 20


class Reports:
    def __init__(self, *, storage: Storage, clock: Clock, tz: tzinfo) -> None:
        self.storage = storage
        self.clock = clock
        self.tz = tz

    async def overview(self) -> list[tuple[Call, dict[RegistrationStatus, int]]]:
        """Every call not archived, with its registrations counted by status."""
        calls, counts = await self.storage.together(
            self.storage.calls.all(), self.storage.registrations.counts_by_call()
        )
        return [
            (call, counts.get(call.id) or dict.fromkeys(RegistrationStatus, 0))
            for call in calls
            if call.status != CallStatus.ARCHIVED
        ]

    async def stats(self, call: Call) -> CallStats:
        return await call_stats(self.storage, call, self.tz)

    async def export(self, call: Call, fmt: str, path: Path, t: Translator, admin_id: int) -> int:
        """Writes the call's registrations to `path` (CSV or XLSX); returns how many rows.

        The audit log keeps who exported which call (the count, not the rows).
        """
        count = await export_file(self.storage, call, fmt, path, t)
        await self.storage.audit.record(
            admin_id, f"export_{fmt}", self.clock.now(), call.id, str(count)
        )
        return count

    async def reminders(self, call: Call) -> tuple[list[Reminder], dict[int, int]]:
        """The call's reminder rows, and how many people each sent one reached (by broadcast)."""
        reminders = await self.storage.reminders.for_call(call.id)
        reached = {}
        for item in reminders:
            if item.broadcast_id:
                counts = await self.storage.outbox.counts(item.broadcast_id)
                reached[item.broadcast_id] = counts.total
        return reminders, reached

    async def audit_log(self) -> tuple[list[AuditEvent], dict[int, Call]]:
        """The latest admin actions, with the calls they name."""
        events = await self.storage.audit.latest(AUDIT_LINES)
        calls = {}
        for call_id in {event.call_id for event in events if event.call_id}:
            if call := await self.storage.calls.get(call_id):
                calls[call_id] = call
        return events, calls
