"""Messages the bot sends on its own (not as a reply): all through the outbox.

A volunteer told they moved up from the waitlist or were accepted, admins told about new
registrations (a digest when many arrive at once) and full calls, moderation requests.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from functools import partial

from bot.domain.broadcasts import BroadcastKind
from bot.domain.calls import Call
from bot.domain.clock import Clock
from bot.domain.models import Registration, RegistrationStatus, User
from bot.domain.segments import Segment, SegmentKind
from bot.domain.settings import Settings
from bot.sending.outbox import Outbox
from bot.sending.outgoing import per_language
from bot.ui.screens import Screen, admin_notices
from bot.ui.texts import CATALOGS, Translator
from storage import Storage

logger = logging.getLogger(__name__)

DIGEST_WINDOW = 60.0  # seconds: more registrations than one in this window make a digest

ScreenFor = Callable[[Translator], Screen]


class Notices:
    """Queues messages to users and admins in the outbox, each in its reader's language."""

    def __init__(
        self, *, storage: Storage, outbox: Outbox | None, settings: Settings, clock: Clock
    ) -> None:
        # Without an outbox (the command line, where no sender runs) the rows wait in the
        # database: the running bot's sender looks for due rows every second and sends them.
        self.storage = storage
        self.outbox = outbox
        self.settings = settings
        self.clock = clock
        self._last_sent: dict[int, float] = {}
        self._held_back: dict[int, int] = {}
        self._digests: dict[int, asyncio.Task] = {}
        self._digest_calls: dict[int, Call] = {}

    async def send(
        self,
        chat_ids: list[int | str],
        screen_for: ScreenFor,
        *,
        kind: BroadcastKind = BroadcastKind.NOTICE,
        call_id: int | None = None,
    ) -> None:
        """Queues one message for each chat, in every language (each reader gets theirs)."""
        if not chat_ids:
            return
        screens = {lang: screen_for(Translator(lang, self.settings.tz)) for lang in CATALOGS}
        segment = Segment(SegmentKind.CHATS, chat_ids=tuple(chat_ids))
        await self.storage.outbox.create(
            kind, segment, per_language(screens), self.clock.now(), call_id=call_id
        )
        self.wake()

    def wake(self) -> None:
        """New rows are in the outbox: the sender looks now (without one, it finds them)."""
        if self.outbox is not None:
            self.outbox.wake()

    async def to_user(
        self, user_id: int, screen_for: ScreenFor, call_id: int | None = None
    ) -> None:
        await self.send([user_id], screen_for, call_id=call_id)

    async def moved_up(self, call: Call, promoted: Iterable[Registration]) -> None:
        """Tells each person moved up from the waitlist, in their own language."""
        for registration in promoted:
            news = partial(admin_notices.promoted, call=call, registration=registration)
            await self.to_user(registration.user_id, news, call.id)

    async def decided(self, call: Call, registration: Registration) -> None:
        """Tells a volunteer what the organisers decided about their registration."""
        news = partial(admin_notices.decided, call=call, registration=registration)
        await self.to_user(registration.user_id, news, call.id)

    def admin_chats(self) -> list[int | str]:
        """Where admin notices go: ADMIN_CHAT_ID, or else each admin privately."""
        if self.settings.admin_chat_id is not None:
            return [self.settings.admin_chat_id]
        return sorted(self.settings.admin_ids)

    async def to_admins(self, screen_for: ScreenFor, call_id: int | None = None) -> None:
        await self.send(
            self.admin_chats(), screen_for, kind=BroadcastKind.ADMIN_NOTICE, call_id=call_id
        )

    async def new_registration(self, call: Call, registration: Registration, user: User) -> None:
        """Tells ADMIN_CHAT_ID about a registration, or folds it into a digest when busy."""
        if self.settings.admin_chat_id is None:
            return
        now = time.monotonic()
        if now - self._last_sent.get(call.id, -DIGEST_WINDOW) >= DIGEST_WINDOW:
            self._last_sent[call.id] = now
            await self.to_admins(
                lambda t: admin_notices.new_registration(t, call, registration, user), call.id
            )
            return
        self._held_back[call.id] = self._held_back.get(call.id, 0) + 1
        self._digest_calls[call.id] = call
        if call.id not in self._digests:
            wait = self._last_sent[call.id] + DIGEST_WINDOW - now
            self._digests[call.id] = asyncio.create_task(self._digest_later(call, wait))

    async def _digest_later(self, call: Call, wait: float) -> None:
        try:
            await asyncio.sleep(wait)
            await self._send_digest(call.id)
        finally:
            self._digests.pop(call.id, None)

    async def _send_digest(self, call_id: int) -> None:
        count = self._held_back.pop(call_id, 0)
        call = self._digest_calls.pop(call_id, None)
        if not count or call is None:
            return
        self._last_sent[call_id] = time.monotonic()
        try:
            counts = await self.storage.registrations.count_by_status(call_id)
            await self.to_admins(lambda t: admin_notices.digest(t, call, count, counts), call_id)
        except Exception:
            logger.exception("Could not send the registrations digest for call %s", call_id)

    async def stop(self) -> None:
        """Queues the digests still waiting for their window, instead of losing them."""
        for task in list(self._digests.values()):
            task.cancel()
        self._digests.clear()
        for call_id in list(self._held_back):
            await self._send_digest(call_id)


async def after_submission(
    notices: Notices, call: Call, registration: Registration, user: User
) -> None:
    """What admins hear about a new submission: a review request, a notice, a full call."""
    if call.spec.moderated and registration.status == RegistrationStatus.SUBMITTED:
        await notices.to_admins(
            lambda t: admin_notices.moderation_request(t, call, registration, user), call.id
        )
    else:
        await notices.new_registration(call, registration, user)
    took_last_seat = (
        call.capacity is not None
        and registration.status == RegistrationStatus.SUBMITTED
        and await notices.storage.registrations.seats_taken(call.id) == call.capacity
    )
    if took_last_seat:
        await notices.to_admins(lambda t: admin_notices.capacity_reached(t, call), call.id)
