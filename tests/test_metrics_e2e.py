"""GET /metrics on the webhook port: what an operator graphs, and nothing of anyone."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.domain.broadcasts import Priority
from bot.domain.clock import ManualClock
from bot.domain.messenger import COUNTED_METHODS
from bot.domain.models import RegistrationStatus
from bot.domain.reminders import ReminderStatus
from bot.runtime.metrics import DATABASE_TIMEOUT
from emulator import EmulatorServer
from handlers.context import SERVICES_KEY
from tests.chat import TEST_TOKEN, BotUnderTest, add_started_users, begin, register, settings_for
from tests.factories import sample_call

SLUG = "user-rights-working-group"
SECRET = "a-webhook-secret-of-enough-length_42"
ADMIN = 900_000_001
SARA = 734_912_581  # registers
OMID = 734_912_582  # starts a registration and stops at the first question
STARTED = list(range(810_000_001, 810_000_041))  # 40 people who started the bot
RECIPIENTS = [ADMIN, SARA, OMID, *STARTED]
LIMITED = STARTED[0]  # the messenger answers 429 to the broadcast's first copy for them
PAUSE = 6  # seconds the 429 asks everyone to wait: time enough to read the backlog
NEWS = "جلسهٔ نخست کارگروه شنبه برگزار می‌شود."
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
async def webhook_bot(
    server: EmulatorServer, tmp_path, clock: ManualClock
) -> AsyncIterator[tuple[BotUnderTest, str]]:
    """The bot in webhook mode, with an admin; yields it and its webhook port's base URL."""
    port = free_port()
    settings = settings_for(
        server,
        tmp_path / "farakhan.db",
        ADMIN_IDS=str(ADMIN),
        SEND_RATE_CEILING="1000",
        WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_PORT=str(port),
    )
    bot = BotUnderTest(server, settings, clock)
    await bot.start()
    call, _ = await bot.storage.calls.save(sample_call(), clock.now())
    await bot.app.bot_data[SERVICES_KEY].scheduler.replan(call, arm=False)  # its reminders
    try:
        yield bot, f"http://127.0.0.1:{port}"
    finally:
        await bot.close()


async def scrape(base: str) -> tuple[str, dict[str, float]]:
    """GET /metrics: the body, and each sample as `name{label="value",…}` -> value."""
    async with httpx.AsyncClient(trust_env=False) as client:
        response = await client.get(f"{base}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
    return response.text, samples


async def health(base: str) -> dict:
    async with httpx.AsyncClient(trust_env=False) as client:
        return (await client.get(f"{base}/healthz")).json()


async def broadcast_to_everyone(bot: BotUnderTest) -> None:
    admin = bot.volunteer(ADMIN, "مدیر")
    await admin.sends("/admin")
    await admin.presses("پیام به همه")
    await admin.presses("همهٔ کاربران")
    await admin.sends(NEWS)
    await admin.presses(f"ارسال برای {len(RECIPIENTS)}".translate(PERSIAN_DIGITS))


async def paused_and_settled(bot: BotUnderTest) -> None:
    """Waits until the 429 has paused the budget and the sends already under way are
    recorded: the backlog holds still until the pause ends."""
    budget = bot.app.bot_data[SERVICES_KEY].outbox.budget
    broadcast = (await bot.storage.outbox.recent(1))[0]
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 5
    before = None
    while loop.time() < deadline:
        counts = await bot.storage.outbox.counts(broadcast.id)
        if budget.paused_for > PAUSE / 2 and not counts.sending and counts.pending == before:
            return
        before = counts.pending
        await asyncio.sleep(0.05)
    raise AssertionError(f"no pause to read the backlog in: {budget.paused_for=}, {counts=}")


async def test_an_operator_reads_updates_sends_backlog_and_registrations(
    webhook_bot: tuple[BotUnderTest, str], server: EmulatorServer, clock: ManualClock
) -> None:
    bot, base = webhook_bot
    await add_started_users(server, bot.storage, STARTED, clock.now(), named=True)
    server.emulator.add_fault(method="sendMessage", chat_id=LIMITED, status=429, retry_after=PAUSE)

    sara = bot.volunteer(SARA, "سارا")
    await register(sara, SLUG)  # 4 messages, 8 presses
    assert "کد پیگیری: FK-" in sara.last_text
    await begin(bot.volunteer(OMID, "امید"), SLUG)  # 1 message, 2 presses: a draft
    await broadcast_to_everyone(bot)  # 2 messages, 3 presses

    # Mid-broadcast, paused by the 429: /metrics shows the backlog /healthz and the rows show.
    await paused_and_settled(bot)
    _, during = await scrape(base)
    rows = await bot.storage.outbox.backlog_by_priority()
    assert rows[Priority.BULK] > 0
    assert during['farakhan_outbox_backlog{priority="bulk"}'] == rows[Priority.BULK]
    assert (await health(base))["outbox_backlog_by_priority"]["bulk"] == rows[Priority.BULK]
    assert during["farakhan_send_limited_total{}"] == 1
    assert during["farakhan_database_up{}"] == 1

    await bot.drain_outbox()
    reminders = await bot.storage.reminders.for_call(1)
    first_due = min(r.due_at for r in reminders)
    clock.set(first_due + timedelta(minutes=1))  # a reminder's time has come; no tick yet
    body, after = await scrape(base)

    assert after['farakhan_updates_handled_total{kind="message"}'] == 4 + 1 + 2
    assert after['farakhan_updates_handled_total{kind="callback_query"}'] == 8 + 2 + 3
    # Every copy arrived once; the one the 429 sent back was tried again.
    assert after['farakhan_bulk_sends_total{outcome="sent",priority="bulk"}'] == len(RECIPIENTS)
    assert after['farakhan_bulk_sends_total{outcome="pending",priority="bulk"}'] == 1
    assert after["farakhan_send_limited_total{}"] == 1
    budget = bot.app.bot_data[SERVICES_KEY].outbox.budget
    assert after["farakhan_send_rate{}"] == pytest.approx(budget.rate)
    assert after["farakhan_send_rate{}"] < after["farakhan_send_rate_ceiling{}"] == 1000
    # Replies and bulk sends together: every counted request the messenger accepted.
    accepted = [c for c in server.emulator.api_calls if c.method in COUNTED_METHODS]
    accepted = [c for c in accepted if c.status == 200]
    replies = sum(v for k, v in after.items() if k.startswith("farakhan_replies_sent_total"))
    bulk = sum(
        v
        for k, v in after.items()
        if k.startswith("farakhan_bulk_sends_total") and 'outcome="sent"' in k
    )
    assert replies > 0 and replies + bulk == len(accepted)
    assert {k: v for k, v in after.items() if k.startswith("farakhan_outbox_backlog")} == {
        'farakhan_outbox_backlog{priority="notice"}': 0,
        'farakhan_outbox_backlog{priority="reminder"}': 0,
        'farakhan_outbox_backlog{priority="bulk"}': 0,
    }
    due = await bot.storage.reminders.due(clock.now())
    assert after["farakhan_reminders_due{}"] == len(due) > 0
    planned = [r for r in reminders if r.status == ReminderStatus.PLANNED]
    assert after["farakhan_reminders_planned{}"] == len(planned) > len(due)
    by_status = await bot.storage.registrations.count_by_status(1)
    assert by_status[RegistrationStatus.DRAFT] == 1
    for status, count in by_status.items():
        assert after[f'farakhan_registrations{{status="{status}"}}'] == count
    assert after['farakhan_registrations{status="submitted"}'] == 1

    # Nothing of anyone: no token, secret, chat id, name, phone, e-mail or call in it.
    for private in (TEST_TOKEN, SECRET, "سارا", "امید", "مدیر", "V810000001", SLUG):
        assert private not in body
    for private in ("09121234567", "9121234567", "sara@example.com", NEWS):
        assert private not in body
    ours = "\n".join(line for line in body.splitlines() if line.startswith("farakhan_"))
    for chat in RECIPIENTS:
        assert str(chat) not in ours


async def test_a_busy_database_costs_its_figures_not_the_scrape(
    webhook_bot: tuple[BotUnderTest, str],
) -> None:
    bot, base = webhook_bot
    await bot.volunteer(SARA, "سارا").sends(f"/start {SLUG}")
    held, release = asyncio.Event(), asyncio.Event()

    async def long_write() -> None:
        async with bot.storage.transaction():  # holds the database, as a long write does
            held.set()
            await release.wait()

    writer = asyncio.create_task(long_write())
    await held.wait()
    loop = asyncio.get_running_loop()
    started = loop.time()
    try:
        _, busy = await scrape(base)
    finally:
        release.set()
        await writer
    assert DATABASE_TIMEOUT <= loop.time() - started < DATABASE_TIMEOUT + 1.5
    assert busy["farakhan_database_up{}"] == 0
    assert busy['farakhan_updates_handled_total{kind="message"}'] == 1  # counters still there
    from_database = ("farakhan_outbox_backlog", "farakhan_reminders", "farakhan_registrations")
    assert not [name for name in busy if name.startswith(from_database)]

    _, free = await scrape(base)
    assert free["farakhan_database_up{}"] == 1
    assert free['farakhan_registrations{status="draft"}'] == 0
