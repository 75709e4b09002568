"""A test client that reads like a chat: the real bot, the emulator, and volunteers.

`BotUnderTest` runs the real Application (build_application) polling the local emulator over
HTTP; `Volunteer` acts through the emulator's user API and reads what the bot sent back.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from contextlib import AsyncExitStack
from datetime import datetime
from pathlib import Path

from telegram.ext import Application

from bot.cli import ALLOWED_UPDATES
from bot.domain.budget import RateLearner
from bot.domain.clock import ManualClock
from bot.domain.messenger import profile_for
from bot.domain.settings import Settings, load_settings
from bot.runtime.app import STORAGE_KEY, build_application, running
from bot.runtime.webhook import WebhookServer
from emulator import EmulatorClient, EmulatorServer
from emulator.client import ChatMessage
from handlers.context import SERVICES_KEY
from storage import Storage

TEST_TOKEN = "123456:TEST-TOKEN-not-a-secret"


async def add_started_users(
    server: EmulatorServer,
    storage: Storage,
    users: Iterable[int],
    now: datetime,
    *,
    named: bool = False,
) -> None:
    """Volunteers who have started the bot: known to the emulator's chats and to our users."""
    for user in users:
        name = f"V{user}" if named else None
        server.emulator.ensure_user(user, first_name=name)
        server.emulator.chats[user].started = True
        await storage.users.seen(
            user,
            first_name=name,
            last_name=None,
            username=None,
            default_language="fa",
            now=now,
        )


def settings_for(server: EmulatorServer, database: Path | str, **extra: str) -> Settings:
    """Settings pointing the bot at the emulator, ignoring any developer's .env (`database`: a
    SQLite file, or a PostgreSQL URL)."""
    return load_settings(
        _env_file=None,
        BOT_TOKEN=TEST_TOKEN,
        BOT_API_BASE_URL=server.api_base_url,
        DATABASE_URL=database if isinstance(database, str) else f"sqlite:///{database}",
        **extra,
    )


def way_in(messenger: str, slug: str) -> list[str]:
    """What a text shows to lead someone into the call `slug`: the link on Telegram and Bale;
    on Soroush Plus (no link known) the bot's @username and the command to send it."""
    if messenger == "soroush":
        return ["@farakhan_bot", f"/start {slug}"]
    site = "https://ble.ir/" if messenger == "bale" else "https://t.me/"
    return [f"{site}farakhan_bot?start={slug}"]


class BotUnderTest:
    """The real application, started and stopped like production, on a controlled clock."""

    def __init__(self, server: EmulatorServer, settings: Settings, clock: ManualClock) -> None:
        self.server = server
        self.settings = settings
        self.clock = clock
        self.client = EmulatorClient(server.url)
        self.app: Application | None = None
        self._running = AsyncExitStack()

    async def start(self) -> None:
        app = build_application(self.settings, self.clock)
        webhook = None
        if self.settings.webhook_url:  # updates pushed by the emulator instead of polled
            webhook = WebhookServer(app, self.settings, profile_for(self.settings))
        await self._running.enter_async_context(
            running(app, webhook, poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES)
        )
        self.app = app

    async def stop(self) -> None:
        await self._running.aclose()
        self.app = None

    async def restart(self) -> None:
        """A new Application on the same database, as after a crash or a deploy."""
        await self.stop()
        await self.start()

    async def close(self) -> None:
        await self.stop()
        await self.client.aclose()

    async def settle(self) -> None:
        """Waits until the bot has fetched and fully processed every update sent so far."""
        assert self.app is not None
        assert await self.client.wait_confirmed(timeout=10)
        await self.app.update_queue.join()

    def pace(self, rate: float) -> None:
        """The send budget at `rate` messages a second (replies and bulk sends together)."""
        services = self.app.bot_data[SERVICES_KEY]
        services.outbox.budget.learner = RateLearner(ceiling=rate)

    async def drain_outbox(self, limit: float = 30.0) -> None:
        """Waits until every broadcast is finished: nothing pending, in flight or unfinished."""
        services = self.app.bot_data[SERVICES_KEY]
        outbox = self.storage.outbox
        deadline = asyncio.get_running_loop().time() + limit
        while await outbox.backlog() or services.outbox.busy or await outbox.sending():
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError("the outbox did not drain in time")
            await asyncio.sleep(0.02)

    @property
    def storage(self) -> Storage:
        assert self.app is not None
        return self.app.bot_data[STORAGE_KEY]

    def volunteer(self, user_id: int, first_name: str = "سارا") -> Volunteer:
        return Volunteer(self, user_id, first_name)


class Volunteer:
    """One user in a private chat with the bot."""

    def __init__(self, bot: BotUnderTest, user_id: int, first_name: str) -> None:
        self.bot = bot
        self.id = user_id
        self.first_name = first_name
        self.messages: list[ChatMessage] = []
        self.replies: list[ChatMessage] = []  # bot messages new or edited by the last action
        self.last_answer: dict | None = None  # the bot's answer to the last button pressed

    async def _after(self, action) -> None:
        seen = {m.message_id: (m.text, m.reply_markup) for m in self.messages}
        result = await action
        await self.bot.settle()
        snapshot = await self.bot.client.messages(self.id)
        self.messages = snapshot.from_bot()
        # New messages, and earlier ones the bot edited (a screen shown in place).
        self.replies = [
            m for m in self.messages if seen.get(m.message_id) != (m.text, m.reply_markup)
        ]
        callback_id = getattr(result, "callback_query_id", None)
        self.last_answer = None
        if callback_id:
            self.last_answer = await self.bot.client.callback_answer(callback_id)

    async def sends(self, text: str) -> None:
        client = self.bot.client
        await self._after(client.send_message(self.id, text, first_name=self.first_name))

    async def shares_contact(self, phone: str, *, own: bool = True) -> None:
        contact_user = self.id if own else self.id + 1
        await self._after(
            self.bot.client.send_contact(self.id, phone, contact_user_id=contact_user)
        )

    async def sends_media(self, kind: str) -> None:
        await self._after(self.bot.client.send_media(self.id, kind))

    async def edits(self, message_id: int, text: str) -> None:
        await self._after(self.bot.client.edit_message(self.id, message_id, text))

    async def presses(self, label: str) -> None:
        """Presses the newest inline button whose text contains `label`."""
        for message in reversed(self.messages):
            for button in message.inline_buttons:
                if label in visible(button.get("text", "")) and "callback_data" in button:
                    await self._after(
                        self.bot.client.press(self.id, message.message_id, button=button["text"])
                    )
                    return
        raise AssertionError(f"no button {label!r}; buttons: {self.buttons()}")

    async def presses_data(self, data: str, message_id: int | None = None) -> None:
        """Sends callback data of our choosing (a forged or replayed button)."""
        target = message_id or next(
            m.message_id for m in reversed(self.messages) if m.inline_buttons
        )
        await self._after(self.bot.client.press(self.id, target, data=data))

    def buttons(self) -> list[str]:
        """Texts of the inline buttons on the newest message that has any."""
        for message in reversed(self.messages):
            if message.inline_buttons:
                return [visible(b["text"]) for b in message.inline_buttons]
        return []

    def button_data(self, label: str) -> str:
        for message in reversed(self.messages):
            for button in message.inline_buttons:
                if label in visible(button.get("text", "")):
                    return button["callback_data"]
        raise AssertionError(f"no button {label!r}")

    @property
    def last_text(self) -> str:
        return visible(self.messages[-1].text or "") if self.messages else ""

    @property
    def reply_text(self) -> str:
        """Everything the bot said in answer to the last action, as one text."""
        return visible("\n".join(m.text or "" for m in self.replies))

    @property
    def alert(self) -> str:
        return visible((self.last_answer or {}).get("text") or "")


def visible(text: str) -> str:
    """A text as a person reads it: without the invisible marks that keep a run's direction
    apart (the rendering property, tests/test_rendering.py, checks those are right)."""
    return re.sub("[\u2066-\u2069]", "", text)


async def begin(volunteer: Volunteer, slug: str) -> None:
    """Opens the call's deep link, presses Register and agrees: the first question is shown."""
    await volunteer.sends(f"/start {slug}")
    await volunteer.presses("ثبت‌نام")
    await volunteer.presses("موافقم")


async def answer_as_individual(volunteer: Volunteer, *, directory: bool = False) -> None:
    """Answers the sample call's form as a person, from the first question to the review;
    the last question (may we keep you in the directory of experts?) is skipped unless
    `directory`."""
    await volunteer.sends("سارا احمدی")
    await volunteer.presses("به‌عنوان فرد")
    await volunteer.presses("سایر")
    await volunteer.presses("تأیید انتخاب")
    await volunteer.sends("09121234567")
    await volunteer.sends("sara@example.com")
    await volunteer.presses("رد شدن")
    await volunteer.presses("موافقم" if directory else "رد شدن")


async def register(volunteer: Volunteer, slug: str, *, directory: bool = False) -> None:
    """The whole sample-call registration as a person, submitted: the reference code shown."""
    await begin(volunteer, slug)
    await answer_as_individual(volunteer, directory=directory)
    await volunteer.presses("تأیید و ارسال")
