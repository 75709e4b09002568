"""Registrations as records: whose they are, a person's list, those waiting for review."""

from __future__ import annotations

from bot.domain.calls import Call
from bot.domain.models import Registration, RegistrationStatus, User
from storage import Storage

REVIEW_PAGE = 30  # submissions listed at once for moderation


class Registrations:
    """Reading registrations with their calls (changing them is the journey's work)."""

    def __init__(self, *, storage: Storage) -> None:
        self.storage = storage

    async def own(self, registration_id: int, user_id: int) -> tuple[Registration, Call] | None:
        """The registration and its call, when it belongs to `user_id` (None for anyone else,
        and while its call is a draft again: volunteers see nothing of an unpublished call)."""
        registration = await self.storage.registrations.get(registration_id)
        if registration is None or registration.user_id != user_id:
            return None
        call = await self.storage.calls.get(registration.call_id)
        assert call is not None  # registrations cascade with their call
        return (registration, call) if call.published else None

    async def of_user(self, user_id: int) -> list[tuple[Registration, Call]]:
        """A person's registrations, each with its call (those in published calls: /my)."""
        items = []
        for registration in await self.storage.registrations.for_user(user_id):
            call = await self.storage.calls.get(registration.call_id)
            if call is not None and call.published:
                items.append((registration, call))
        return items

    async def in_call(self, user_id: int, call_id: int) -> Registration | None:
        return await self.storage.registrations.for_user_and_call(user_id, call_id)

    async def with_person(self, registration_id: int) -> tuple[Registration, Call, User] | None:
        """A registration with its call and the person, for an admin's review."""
        registration = await self.storage.registrations.get(registration_id)
        if registration is None:
            return None
        call = await self.storage.calls.get(registration.call_id)
        user = await self.storage.users.get(registration.user_id)
        if call is None or user is None:
            return None
        return registration, call, user

    async def waiting_review(self, call_id: int) -> list[Registration]:
        """Submissions of a moderated call still waiting for a decision, oldest first."""
        waiting = await self.storage.registrations.by_status(call_id, RegistrationStatus.SUBMITTED)
        return [r for r in waiting if r.submitted_at][:REVIEW_PAGE]

    async def counts(self, call_id: int) -> dict[RegistrationStatus, int]:
        return await self.storage.registrations.count_by_status(call_id)
