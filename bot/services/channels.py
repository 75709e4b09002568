"""Announcements and reminders posted to Eitaa channels through Eitaayar.

Each post is a row first (storage/channel_posts.py), written in the transaction of what
asked for it (a reminder claimed, a call closed), then sent in the background: claimed right
before its request, so a restart never posts it twice. The admin who announced is told how
it went, one line for each channel that failed.
"""

from __future__ import annotations

import asyncio
import logging
from functools import partial

from bot.domain.calls import Call
from bot.domain.channels import NewPost, PostKind
from bot.domain.clock import Clock
from bot.domain.messenger import EITAA, Profile, registration_links
from bot.domain.reminders import Reminder
from bot.domain.settings import Settings
from bot.sending.eitaa import Eitaayar
from bot.sending.notices import Notices
from bot.ui.screens import channels as screens
from bot.ui.texts import Markup, Translator
from storage import Storage

logger = logging.getLogger(__name__)


class ChannelPosts:
    """Posts to the Eitaa channels of EITAA_CHANNELS (none without a client)."""

    def __init__(
        self,
        *,
        storage: Storage,
        clock: Clock,
        settings: Settings,
        notices: Notices,
        client: Eitaayar | None,
        own: tuple[Profile, str],
    ) -> None:
        self.storage = storage
        self.clock = clock
        self.settings = settings
        self.notices = notices
        self.client = client
        self.own = own  # this bot's messenger and username, when no links are set
        self._tasks: set[asyncio.Task] = set()

    @property
    def channels(self) -> tuple[str, ...]:
        return self.settings.eitaa_channels if self.client is not None else ()

    def preview(self, t: Translator, call: Call) -> Markup:
        """The announcement as Eitaa channels get it (before it is made plain)."""
        return screens.post(t, call, self.clock.now(), self._links(call))

    async def announce(self, call: Call, admin_id: int) -> int:
        """Posts the call's card to every Eitaa channel (pinned if EITAA_PIN); the admin is
        told how it went. Returns how many channels it goes to."""
        text = self._plain(self.preview(self._t(), call))
        now = self.clock.now()
        posts = [
            NewPost(
                call.id,
                EITAA.name,
                channel,
                PostKind.ANNOUNCEMENT,
                text,
                pin=self.settings.eitaa_pin,
                requested_by=admin_id,
            )
            for channel in self.channels
        ]
        ids = await self.storage.channel_posts.add(posts, now)
        await self.storage.audit.record(admin_id, "announce", now, call.id, str(len(ids)))
        self.post_later(ids, report=(admin_id, call))
        return len(ids)

    async def remind(self, reminder: Reminder, call: Call) -> list[int]:
        """A deadline reminder's posts (inside the caller's transaction; `post_later` them
        once it is committed). One per channel and reminder, however often this runs."""
        text = self._plain(screens.reminder(self._t(), call, self.clock.now(), self._links(call)))
        posts = [
            NewPost(call.id, EITAA.name, c, PostKind.REMINDER, text, reminder_id=reminder.id)
            for c in self.channels
        ]
        return await self.storage.channel_posts.add(posts, self.clock.now())

    async def closing(self, call: Call, reminder_id: int) -> list[int]:
        """The call closed: a note in every channel where its announcement was pinned (there
        is no unpin), inside the caller's transaction."""
        if self.client is None:
            return []
        text = self._plain(screens.closed(self._t(), call))
        pinned = await self.storage.channel_posts.pinned(call.id, EITAA.name)
        posts = [
            NewPost(call.id, EITAA.name, c, PostKind.CLOSING, text, reminder_id=reminder_id)
            for c in pinned
        ]
        return await self.storage.channel_posts.add(posts, self.clock.now())

    def post_later(self, ids: list[int], report: tuple[int, Call] | None = None) -> None:
        """Sends the posts in the background (then reports to the admin, if one asked)."""
        if not ids or self.client is None:
            return
        task = asyncio.create_task(self._post(ids, report), name="eitaa")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def start(self) -> None:
        """Posts cut off by a stop stay unsent (`unknown`); those never tried go now."""
        if self.client is None:
            return
        if interrupted := await self.storage.channel_posts.recover_interrupted():
            logger.warning(
                "%d Eitaa posts were interrupted mid-request; not repeating", interrupted
            )
        self.post_later(await self.storage.channel_posts.pending())

    async def settle(self) -> None:
        """Waits for the posts under way (tests; and stopping)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        await self.settle()
        if self.client is not None:
            await self.client.close()

    async def _post(self, ids: list[int], report: tuple[int, Call] | None) -> None:
        try:
            await self._post_each(ids, report)
        except Exception:
            logger.exception("Eitaa posts %s stopped short", ids)

    async def _post_each(self, ids: list[int], report: tuple[int, Call] | None) -> None:
        assert self.client is not None
        repository = self.storage.channel_posts
        for post in await repository.get_many(ids):
            if not await repository.claim(post.id):
                continue  # posted (or tried) already
            result = await self.client.send_message(post.channel, post.text, pin=post.pin)
            await repository.finish(post.id, result, self.clock.now())
        if report is not None:
            admin_id, call = report
            posts = await repository.get_many(ids)
            await self.notices.to_user(admin_id, partial(screens.report, call=call, posts=posts))

    def _links(self, call: Call) -> list[tuple[str, str]]:
        return registration_links(self.settings.registration_links, call.slug, self.own)

    def _t(self) -> Translator:
        """Channels have no reader's language: the organisation's default one."""
        return Translator(self.settings.default_language, self.settings.tz)

    @staticmethod
    def _plain(text: str) -> str:
        return EITAA.render(text)[0]
