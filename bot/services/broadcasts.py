"""Writing to many: who a segment reaches, a confirmed broadcast, announcements, the record."""

from __future__ import annotations

from typing import Any

from bot.domain.admin_sessions import AdminSession
from bot.domain.broadcasts import Broadcast, BroadcastKind, DeliveryCounts
from bot.domain.calls import Call
from bot.domain.clock import Clock
from bot.domain.segments import (
    CALL_SEGMENTS,
    DECIDED_SEGMENTS,
    Segment,
    SegmentKind,
    offered,
    segment_of,
)
from bot.sending.outbox import Outbox
from storage import Storage

RECENT = 10  # broadcasts listed by /broadcasts


class Broadcasts:
    """Broadcasts and announcements put in the outbox, with what they reach and how they went."""

    def __init__(self, *, storage: Storage, clock: Clock, outbox: Outbox) -> None:
        self.storage = storage
        self.clock = clock
        self.outbox = outbox

    async def reach(self, segment: Segment) -> int:
        """How many people a segment reaches now."""
        return await self.storage.outbox.count(segment)

    async def choices(self, call: Call | None) -> dict[str, int]:
        """Each segment an admin can pick (everyone, or a call's groups) with its reach."""
        if call is None:
            return {"everyone": await self.reach(Segment(SegmentKind.EVERYONE))}
        counts = {}
        for key in CALL_SEGMENTS:
            segment = segment_of(call.id, key)
            assert segment is not None
            reach = await self.reach(segment)
            if offered(key, moderated=call.spec.moderated, reach=reach):
                counts[key] = reach
        return counts

    async def segment(self, call_id: int, key: str) -> Segment | None:
        """The segment a pressed button names, if `choices` offers it (None: refuse it)."""
        segment = segment_of(call_id, key)
        if segment is None or call_id == 0:
            return segment
        call = await self.storage.calls.get(call_id)
        if call is None:
            return None
        reach = await self.reach(segment) if key in DECIDED_SEGMENTS else 0
        return segment if offered(key, moderated=call.spec.moderated, reach=reach) else None

    async def send(
        self, session: AdminSession, *, language: str, progress_chat_id: int
    ) -> tuple[Broadcast, int]:
        """A confirmed broadcast into the outbox: one delivery per recipient, audited.

        The outbox is not woken yet: `watch` does that once the progress message exists.
        """
        segment = segment_of(session.data["call_id"], session.data["segment"])
        assert segment is not None  # checked when the segment was chosen
        payload = {"text": session.data["html"], "progress_language": language}
        now = self.clock.now()
        broadcast, count = await self.storage.outbox.create(
            BroadcastKind.BROADCAST,
            segment,
            payload,
            now,
            call_id=session.data["call_id"] or None,
            created_by=session.admin_id,
            progress_chat_id=progress_chat_id,
        )
        await self.storage.audit.record(
            session.admin_id, "broadcast", now, None, f"{segment.describe()} → {count}"
        )
        return broadcast, count

    async def watch(self, broadcast: Broadcast, chat_id: int, message_id: int) -> None:
        """The message the outbox keeps editing with the broadcast's progress; sending begins."""
        await self.storage.outbox.set_progress_message(broadcast.id, chat_id, message_id)
        self.outbox.wake()

    async def announce(
        self, call: Call, payload: dict[str, Any], chats: tuple[int | str, ...], admin_id: int
    ) -> int:
        """Posts a call's card to the announcement chats through the outbox; returns how many."""
        now = self.clock.now()
        _, count = await self.storage.outbox.create(
            BroadcastKind.ANNOUNCEMENT,
            Segment(SegmentKind.CHATS, chat_ids=chats),
            payload,
            now,
            call_id=call.id,
            created_by=admin_id,
        )
        self.outbox.wake()
        await self.storage.audit.record(admin_id, "announce", now, call.id, str(count))
        return count

    async def counts(self, broadcast_id: int) -> DeliveryCounts:
        return await self.storage.outbox.counts(broadcast_id)

    async def recent(self) -> list[tuple[Broadcast, DeliveryCounts, Call | None]]:
        """The latest broadcasts, each with how its deliveries stand and the call it was
        about (None: written to every user of the bot)."""
        recent = await self.storage.outbox.recent(RECENT, (BroadcastKind.BROADCAST,))
        return [
            (
                broadcast,
                await self.counts(broadcast.id),
                await self.storage.calls.get(broadcast.call_id) if broadcast.call_id else None,
            )
            for broadcast in recent
        ]
