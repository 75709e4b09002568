"""Hostile input, by property: arbitrary text, button data and update shapes.

Whatever arrives, the bot raises no unhandled exception, never makes an API call the
server refuses (an escaping bug would), advances no registration on garbage, and leaves the
database consistent. Examples per property: 200 here; FARAKHAN_FULL=1 runs 2,000.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Coroutine, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.clock import ManualClock
from bot.services.flood import FloodGuard
from emulator import EmulatorServer
from handlers.context import SERVICES_KEY
from tests.chat import BotUnderTest, settings_for
from tests.factories import sample_call

EXAMPLES = 2000 if os.environ.get("FARAKHAN_FULL") else 200
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Answers the server may refuse for reasons that are not the bot's fault.
EXPECTED_REFUSALS = ("message is not modified", "query is too old", "message to edit not found")


class LiveBot:
    """The real bot and the emulator on an event loop of their own, for synchronous tests."""

    def __init__(self, tmp_path) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.errors: list[logging.LogRecord] = []
        self.server = EmulatorServer()
        self.run(self.server.start())
        clock = ManualClock(datetime(2026, 12, 1, 9, tzinfo=UTC))
        self.bot = BotUnderTest(self.server, settings_for(self.server, tmp_path / "f.db"), clock)
        self.run(self.bot.start())
        self.call, _ = self.run(self.bot.storage.calls.save(sample_call(), clock.now()))
        # Hundreds of examples from a few people would trip the flood limit and be ignored,
        # which would make every property hold trivially: turn it off here.
        bot_data = self.bot.app.bot_data
        bot_data[SERVICES_KEY] = replace(bot_data[SERVICES_KEY], flood=FloodGuard(limit=10**9))

    def run(self, coroutine: Coroutine) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=60)

    def close(self) -> None:
        self.run(self.bot.close())
        self.run(self.server.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)

    def refused_calls(self) -> list:
        return [
            c
            for c in self.server.emulator.api_calls
            if c.status >= 400
            and not any(
                r in str(c.params) + str(getattr(c, "description", "")) for r in EXPECTED_REFUSALS
            )
        ]


class Collect(logging.Handler):
    def __init__(self, into: list) -> None:
        super().__init__(logging.ERROR)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record)


@pytest.fixture(scope="module")
def live(tmp_path_factory) -> Iterator[LiveBot]:
    live_bot = LiveBot(tmp_path_factory.mktemp("hostile"))
    handler = Collect(live_bot.errors)
    logging.getLogger().addHandler(handler)
    try:
        yield live_bot
    finally:
        logging.getLogger().removeHandler(handler)
        live_bot.close()


async def _draft_at_question_two(bot: BotUnderTest, call_id: int, user_id: int):
    """A volunteer who agreed and answered the first question: the state garbage must keep."""
    registration = await bot.storage.registrations.for_user_and_call(user_id, call_id)
    if registration is None:
        volunteer = bot.volunteer(user_id)
        await volunteer.sends("/start user-rights-working-group")
        await volunteer.presses("ثبت‌نام")
        await volunteer.presses("موافقم")
        await volunteer.sends("سارا احمدی")
        registration = await bot.storage.registrations.for_user_and_call(user_id, call_id)
    return registration


async def _consistent(bot: BotUnderTest) -> None:
    db = bot.storage.db
    assert await db.fetch_value("PRAGMA foreign_key_check") is None
    assert (
        await db.fetch_value(
            "SELECT COUNT(*) FROM answers"
            " WHERE registration_id NOT IN (SELECT id FROM registrations)"
        )
        == 0
    )
    assert (
        await db.fetch_value(
            "SELECT COUNT(*) FROM registrations WHERE status != 'draft' AND reference_code IS NULL"
        )
        == 0
    )


texts = st.text(
    alphabet=st.characters(codec="utf-8"), min_size=1, max_size=10_000
) | st.sampled_from(
    [
        "\u202e\u200f<b>x</b>",
        "&lt;&amp;",
        "<script>alert(1)</script>",
        "*_[`",
        "\x00\x01\x7f",
        "٫۱۲۳٬۴",
        "/start ../../etc",
        "/start " + "a" * 300,
        "ي ك",
        "\u200c" * 50,
    ]
)


@SETTINGS
@given(text=texts)
def test_any_text_gets_a_reply_or_silence_and_breaks_nothing(live: LiveBot, text: str) -> None:
    bot = live.bot
    user = 50_000 + abs(hash(text)) % 1000  # a few hundred different people
    live.run(bot.client.send_message(user, text))
    live.run(bot.settle())
    live.run(_consistent(bot))
    assert live.errors == [], live.errors[-1].getMessage()
    assert live.refused_calls() == []


@SETTINGS
@given(data=st.text(max_size=64).filter(lambda d: len(d.encode()) <= 64))
def test_any_button_data_changes_no_registration(live: LiveBot, data: str) -> None:
    bot = live.bot
    before = live.run(_draft_at_question_two(bot, live.call.id, 49_999))
    message_id = max(m["message_id"] for m in live.server.emulator.messages(49_999))
    live.run(bot.client.press(49_999, message_id, data=data or "x"))
    live.run(bot.settle())
    after = live.run(bot.storage.registrations.get(before.id))
    if not data.startswith(("opt:", "tog:", "skip:", "keep:", "back:", "fin:", "pause:")):
        assert (after.step, after.answers, after.status) == (
            before.step,
            before.answers,
            before.status,
        )
    live.run(_consistent(bot))
    assert live.errors == [], live.errors[-1].getMessage()
    assert live.refused_calls() == []


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
update_shapes = st.fixed_dictionaries(
    {},
    optional={
        "message": json_values
        | st.fixed_dictionaries(
            {
                "message_id": st.integers(),
                "date": st.integers(0, 2**31),
                "chat": st.fixed_dictionaries(
                    {
                        "id": st.integers(),
                        "type": st.sampled_from(["private", "group", "channel", "bogus"]),
                    }
                ),
            },
            optional={"text": st.text(max_size=100), "from": json_values},
        ),
        "callback_query": json_values,
        "edited_message": json_values,
        "my_chat_member": json_values,
    },
)


@SETTINGS
@given(shape=update_shapes)
def test_any_update_shape_is_survived(live: LiveBot, shape: dict) -> None:
    bot = live.bot
    live.run(bot.client.enqueue_raw(shape))
    live.run(bot.settle())
    live.run(_consistent(bot))
    # Unreadable shapes are skipped with a warning; nothing reaches the error handler.
    assert live.errors == [], live.errors[-1].getMessage()
    assert live.refused_calls() == []
    volunteer = bot.volunteer(48_000 + len(live.server.emulator.api_calls) % 900)
    live.run(volunteer.sends("/help"))  # and the bot still answers
    assert "راهنما" in volunteer.last_text
