"""Calls as volunteers meet them: the open list, a call's card, following and reminders."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from bot.domain.calls import Call
from bot.domain.clock import Clock
from bot.domain.models import Registration, RegistrationStatus
from bot.services.seats import seat_status
from storage import Storage


@dataclass(frozen=True)
class Visit:
    """What a volunteer's card of a call depends on, besides the call itself."""

    registration: Registration | None  # theirs in this call, if any
    following: bool  # they asked to be reminded of it
    full: bool  # every seat is taken: a new registration would join the waiting list


class Calls:
    """Finding calls, and what a volunteer chose about one (follow it, hear its reminders).

    Every lookup here is a volunteer's: a call not yet published (a draft) is found only by
    an admin (`admin_ids`), and for anyone else reads exactly like a call that does not
    exist, so a guessed link or a forged button tells nothing. Admins manage drafts through
    `CallAdmin`.
    """

    def __init__(
        self, *, storage: Storage, clock: Clock, admin_ids: Collection[int] = frozenset()
    ) -> None:
        self.storage = storage
        self.clock = clock
        self.admin_ids = frozenset(admin_ids)

    def _visible(self, call: Call | None, viewer_id: int) -> Call | None:
        if call is None or call.published or viewer_id in self.admin_ids:
            return call
        return None

    async def get(self, call_id: int, viewer_id: int) -> Call | None:
        """The call, if `viewer_id` may see it (None as for a call that does not exist)."""
        return self._visible(await self.storage.calls.get(call_id), viewer_id)

    async def by_slug(self, slug: str, viewer_id: int) -> Call | None:
        """The call a /start link names, if `viewer_id` may see it."""
        return self._visible(await self.storage.calls.by_slug(slug), viewer_id)

    async def listed(self) -> list[Call]:
        """The calls a volunteer can see now (open, or opening soon)."""
        return await self.storage.calls.listed(self.clock.now())

    async def opened(self, call: Call, user_id: int) -> Visit:
        """A volunteer opened the call's card (the funnel notes it, not an admin's preview of
        a draft): what the card shows them."""
        if call.published:
            await self.storage.funnel.mark(call.id, user_id, "opened", self.clock.now())
        registration = await self.storage.registrations.for_user_and_call(user_id, call.id)
        full = False
        if call.capacity is not None:
            taken = await self.storage.registrations.seats_taken(call.id)
            full = seat_status(call.capacity, taken) == RegistrationStatus.WAITLISTED
        following = await self.storage.funnel.is_following(call.id, user_id)
        return Visit(registration=registration, following=following, full=full)

    async def follow(self, call: Call, user_id: int) -> bool:
        """Remind me: the volunteer hears of the call's deadline without registering. False
        (nothing stored) when the call takes no followers: a draft, closed or archived."""
        if not call.takes_followers(self.clock.now()):
            return False
        await self.storage.funnel.follow(call.id, user_id, self.clock.now())
        return True

    async def unfollow(self, call: Call, user_id: int) -> None:
        await self.storage.funnel.unfollow(call.id, user_id)

    async def set_reminders(self, call: Call, user_id: int, *, wanted: bool) -> None:
        """Stops (or resumes) a call's reminders for one volunteer."""
        if wanted:
            await self.storage.reminders.opt_in(call.id, user_id)
        else:
            await self.storage.reminders.opt_out(call.id, user_id, self.clock.now())

    async def wants_reminders(self, call_id: int, user_id: int) -> bool:
        return not await self.storage.reminders.opted_out(call_id, user_id)
