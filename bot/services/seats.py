"""Seats in a call with a capacity: who gets one, who waits, who moves up."""

from __future__ import annotations

from datetime import datetime

from bot.domain.calls import Call
from bot.domain.models import Registration, RegistrationStatus
from storage import Storage


def seat_status(capacity: int | None, seats_taken: int) -> RegistrationStatus:
    """Submitted while seats remain, waitlisted once the call is full."""
    if capacity is not None and seats_taken >= capacity:
        return RegistrationStatus.WAITLISTED
    return RegistrationStatus.SUBMITTED


async def fill_free_seats(storage: Storage, call: Call, now: datetime) -> list[Registration]:
    """Moves the earliest waitlisted volunteers into seats that are free; returns them.

    Called inside the transaction that freed the seats (a withdrawal, a rejection, a larger
    capacity), so two of them cannot hand out the same seat.
    """
    repo = storage.registrations
    if call.capacity is None:
        waiting = await repo.waitlist(call.id)
    else:
        waiting = (await repo.waitlist(call.id))[
            : max(0, call.capacity - await repo.seats_taken(call.id))
        ]
    for registration_id in waiting:
        await repo.set_status(registration_id, RegistrationStatus.SUBMITTED, now)
    return [r for i in waiting if (r := await repo.get(i)) is not None]
