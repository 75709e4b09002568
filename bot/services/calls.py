"""Calls as volunteers meet them: the open list, a call's card, following and reminders."""

from __future__ import annotations

from bot.domain.calls import Call
from bot.domain.clock import Clock
from bot.domain.models import Registration
from storage import Storage


class Calls:
    """Finding calls, and what a volunteer chose about one (follow it, hear its reminders)."""

    def __init__(self, *, storage: Storage, clock: Clock) -> None:
        self.storage = storage
        self.clock = clock

    async def get(self, call_id: int) -> Call | None:
        return await self.storage.calls.get(call_id)

    async def by_slug(self, slug: str) -> Call | None:
        return await self.storage.calls.by_slug(slug)

    async def listed(self) -> list[Call]:
        """The calls a volunteer can see now (open, or opening soon)."""
        return await self.storage.calls.listed(self.clock.now())

    async def opened(self, call: Call, user_id: int) -> tuple[Registration | None, bool]:
        """A volunteer opened the call's card (the funnel notes it): their registration in it,
        and whether they follow it."""
        await self.storage.funnel.mark(call.id, user_id, "opened", self.clock.now())
        registration = await self.storage.registrations.for_user_and_call(user_id, call.id)
        return registration, await self.storage.funnel.is_following(call.id, user_id)

    async def follow(self, call: Call, user_id: int) -> None:
        """Remind me: the volunteer hears of the call's deadline without registering."""
        await self.storage.funnel.follow(call.id, user_id, self.clock.now())

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
