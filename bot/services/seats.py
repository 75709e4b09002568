"""Seats in a call with a capacity: who gets one, who waits, who moves up and is told."""

from __future__ import annotations

from bot.domain.calls import Call, CallStatus
from bot.domain.clock import Clock
from bot.domain.models import Registration, RegistrationStatus
from bot.sending.notices import Notices
from storage import Storage


def seat_status(capacity: int | None, seats_taken: int) -> RegistrationStatus:
    """Submitted while seats remain, waitlisted once the call is full."""
    if capacity is not None and seats_taken >= capacity:
        return RegistrationStatus.WAITLISTED
    return RegistrationStatus.SUBMITTED


class Seats:
    """The one rule for every change that frees or adds places (a withdrawal, a rejection,
    /forget, a larger capacity, a call reopened): free seats go to the waiting list in
    order, and each person moved up is told once, through the outbox."""

    def __init__(self, *, storage: Storage, notices: Notices, clock: Clock) -> None:
        self.storage = storage
        self.notices = notices
        self.clock = clock

    async def settle(self, call: Call) -> list[Registration]:
        """Moves the earliest waiting into the call's free seats and queues their notices;
        returns them. An archived call's list stands still (its seats fill if it reopens).

        One transaction, joining the caller's (the one that freed the seats or is about to
        seat a newcomer): nobody moves up untold, two changes never hand out one seat, and a
        newcomer is seated only once nobody is waiting.
        """
        repo = self.storage.registrations
        async with self.storage.transaction():
            waiting = await repo.waitlist(call.id)
            if not waiting:
                return []
            # Read again: another process (the command line) may have changed the capacity.
            current = await self.storage.calls.get(call.id, fresh=True)
            if current is None or current.status == CallStatus.ARCHIVED:
                return []
            if current.capacity is not None:
                free = max(0, current.capacity - await repo.seats_taken(call.id))
                waiting = waiting[:free]
            now = self.clock.now()
            promoted = []
            for registration_id in waiting:
                await repo.set_status(registration_id, RegistrationStatus.SUBMITTED, now)
                if (registration := await repo.get(registration_id)) is not None:
                    promoted.append(registration)
            await self.notices.moved_up(current, promoted)
        return promoted
