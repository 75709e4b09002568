"""Moved dates: noted when an admin moves a deadline or a meeting, then told or not.

A move waits for the admin's decision. Moving the same date again before deciding replaces
the waiting move and keeps its old date, which is what the people concerned last heard; a
date moved back to it needs no news at all.
"""

from __future__ import annotations

from datetime import tzinfo

from bot.domain.broadcasts import BroadcastKind
from bot.domain.calls import Call
from bot.domain.clock import Clock
from bot.domain.models import HOLDS_SEAT, RegistrationStatus
from bot.domain.moves import DateMove, MoveDecision, moved_dates
from bot.domain.segments import Segment, SegmentKind
from bot.sending.outbox import Outbox
from bot.sending.outgoing import per_language
from bot.ui.screens.moves import move_notice
from bot.ui.texts import CATALOGS, Translator
from storage import Storage


class DateMoves:
    def __init__(
        self, *, storage: Storage, clock: Clock, tz: tzinfo, outbox: Outbox | None = None
    ) -> None:
        self.storage = storage
        self.clock = clock
        self.tz = tz
        self.outbox = outbox  # woken when news is queued (none on the command line)

    async def note(self, admin_id: int, before: Call, after: Call) -> None:
        """Records each date the change moved, to ask the admin about."""
        repo = self.storage.moves
        now = self.clock.now()
        for key, old, new in moved_dates(before, after):
            async with self.storage.transaction():
                for waiting in await repo.undecided(after.id, key):
                    await repo.decide(waiting.id, MoveDecision.SUPERSEDED, now)
                    old = waiting.old_at
                if old != new:
                    await repo.add(after.id, key, old, new, admin_id, now)

    async def waiting(self, call: Call) -> list[tuple[DateMove, int]]:
        """The call's moves to ask about, each with how many people it concerns. A move that
        concerns nobody is settled at once: there is nothing to ask."""
        asked = []
        for move in await self.storage.moves.undecided(call.id):
            count = len(await self._concerned(call, move))
            if count:
                asked.append((move, count))
            else:
                await self.storage.moves.decide(move.id, MoveDecision.NOBODY, self.clock.now())
        return asked

    async def decide(
        self, admin_id: int, move_id: int, tell: bool
    ) -> tuple[DateMove, int | None] | None:
        """Tells the people concerned through the outbox (or not); returns the move and how
        many will hear of it (None: not told). None when it is not waiting any more: decided
        already, or the date moved again since."""
        repo = self.storage.moves
        move = await repo.get(move_id)
        call = await self.storage.calls.get(move.call_id) if move else None
        if move is None or call is None or move.decision is not None:
            return None
        now = self.clock.now()
        if move.current(call) != move.new_at:  # moved again elsewhere (the command line)
            await repo.decide(move.id, MoveDecision.SUPERSEDED, now)
            return None
        what = "deadline" if move.is_deadline else "meeting"
        if not tell:
            if not await repo.decide(move.id, MoveDecision.NOT_TOLD, now):
                return None
            await self._audit(admin_id, f"{what}_not_told", call, "")
            return move, None
        recipients = await self._concerned(call, move)
        async with self.storage.transaction():
            if not await repo.decide(move.id, MoveDecision.TOLD, now):
                return None  # a second press: the first one told them
            payload = per_language(
                {lang: move_notice(Translator(lang, self.tz), call, move) for lang in CATALOGS}
            )
            broadcast, count = await self.storage.outbox.create(
                BroadcastKind.NOTICE,
                Segment(SegmentKind.CHATS),
                payload,
                now,
                call_id=call.id,
                created_by=admin_id,
                recipients=[(user, None) for user in recipients],
            )
            await repo.set_broadcast(move.id, broadcast.id)
            await self._audit(admin_id, f"{what}_told", call, str(count))
        if self.outbox is not None:
            self.outbox.wake()
        return move, count

    async def _concerned(self, call: Call, move: DateMove) -> list[int]:
        # A meeting concerns those who take part: accepted ones when the call is moderated.
        taking_part = [RegistrationStatus.ACCEPTED] if call.spec.moderated else HOLDS_SEAT
        return await self.storage.moves.concerned(move, taking_part)

    async def _audit(self, admin_id: int, action: str, call: Call, detail: str) -> None:
        await self.storage.audit.record(admin_id, action, self.clock.now(), call.id, detail)
