"""The scheduler: reminder rows are the schedule; the job queue only wakes the bot for them.

At start, every open call's plan is (re)written as rows and whatever fell due while the bot
was down is handled: sent if it still makes sense, skipped and recorded if not. Each row
becomes one outbox broadcast in the same transaction that marks it sent, so a reminder
reaches each volunteer at most once, whatever restarts happen around it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import tempfile
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from telegram import Bot

from bot.domain.broadcasts import BroadcastKind, Priority
from bot.domain.calls import Call, CallStatus
from bot.domain.clock import Clock
from bot.domain.ics import meeting_ics
from bot.domain.messenger import Profile
from bot.domain.models import HOLDS_SEAT, RegistrationStatus
from bot.domain.reminders import (
    CHANNELS,
    Reminder,
    ReminderKind,
    ReminderStatus,
    plan,
    questions_left,
)
from bot.domain.replicas import Replica
from bot.domain.segments import Segment, SegmentKind
from bot.domain.settings import Settings
from bot.sending.budget import Budget, spend
from bot.sending.notices import Notices
from bot.sending.outgoing import attach, payload_of, per_language
from bot.services.channels import ChannelPosts
from bot.services.directory import Directory
from bot.ui.screens import reminders as screens
from bot.ui.texts import CATALOGS, Translator
from storage import Storage

logger = logging.getLogger(__name__)

WARN_BEFORE = timedelta(days=7)  # admins hear of an erasure this long before it
HEARTBEAT = 300.0  # seconds: also re-reads calls changed by another process (the CLI)
RETRY_FAILED = 5.0  # seconds before a reminder that failed to go out is tried again
SendExport = Callable[[Call], Awaitable[None]]


class Scheduler:
    def __init__(
        self,
        *,
        storage: Storage,
        notices: Notices,
        clock: Clock,
        settings: Settings,
        arm: Callable[[float], None] = lambda delay: None,
        send_export: SendExport | None = None,
        directory: Directory | None = None,
        replica: Replica | None = None,
        channels: ChannelPosts | None = None,
    ) -> None:
        self.storage = storage
        self.channels = channels  # Eitaa channels: reminders posted there, closing notes
        # With several replicas only the one holding the scheduler's lease runs what is due;
        # the others still write the plans an admin changes through them.
        self.replica = replica
        self.directory = directory  # its entries' retention runs with the answers'
        self.notices = notices
        self.clock = clock
        self.settings = settings
        self.send_export = send_export
        self.arm = arm  # asks the clock (the job queue) to wake us after so many seconds
        self._lock = asyncio.Lock()
        self._planned: dict[int, str] = {}  # call id -> the updated_at its rows were planned from

    async def replan(self, call: Call, *, arm: bool = True) -> None:
        """Writes the call's reminders as rows (unsent ones move with a changed deadline)."""
        await self._replan_all([call])
        if arm:
            await self._arm_next()

    async def _replan_all(self, calls: list[Call]) -> None:
        """Writes the reminders of `calls` as rows, together: an open (or draft) call's
        plan; nothing left planned for any other."""
        plans = {
            call.id: (
                plan(call, self.settings.quiet_window, self.settings.tz)
                if call.status in (CallStatus.OPEN, CallStatus.DRAFT)
                else []
            )
            for call in calls
        }
        async with self._lock:  # never replace a row that run_due is sending
            await self.storage.reminders.replan_many(plans)

    async def start(self) -> None:
        """Plans every call, then handles what fell due while the bot was down."""
        await self.tick()

    @property
    def leading(self) -> bool:
        return self.replica is None or self.replica.leading

    async def tick(self) -> None:
        """Re-plans the calls changed since the last look (perhaps by another process, the
        CLI), runs what is due, and erases answers whose retention period is over."""
        if not self.leading:
            return
        changed = {
            call_id: changed_at
            for call_id, changed_at in (await self.storage.calls.changes()).items()
            if self._planned.get(call_id) != changed_at  # not planned from this version yet
        }
        if changed:
            # The first look re-plans every call: read and written in a few statements.
            calls = await self.storage.calls.get_many(changed)
            await self._replan_all(list(calls.values()))
            self._planned.update({call_id: changed[call_id] for call_id in calls})
        await self.run_due()
        await self.retention()

    async def retention(self) -> None:
        """RETENTION_DAYS after a call closed, its answers go (admins are warned 7 days ahead)."""
        now = self.clock.now()
        keep = timedelta(days=self.settings.retention_days)
        privacy = self.storage.privacy
        # What is due, asked at once (most looks find nothing), beside the directory's own.
        steps: list[Awaitable[object]] = [
            privacy.warning_due(now - keep + WARN_BEFORE),
            privacy.retention_due(now - keep),
        ]
        if self.directory is not None:
            steps.append(self.directory.retention())
        warn, erase, *_ = await self.storage.together(*steps)
        for call_id in warn:
            call = await self.storage.calls.get(call_id)
            closed_at, _ = await privacy.closing_dates(call_id)
            if call is None or closed_at is None:
                continue
            erase_on = closed_at + keep
            await self.notices.to_admins(
                partial(
                    screens.retention_warning,
                    call=call,
                    erase_on=erase_on,
                    days=self.settings.retention_days,
                ),
                call_id,
            )
            await privacy.mark_warned(call_id, now)
        for call_id in erase:
            call = await self.storage.calls.get(call_id)
            erased = await privacy.erase_answers(call_id, now)
            await self.storage.audit.record(0, "retention", now, call_id, str(erased))
            if call is not None:
                await self.notices.to_admins(
                    partial(screens.retention_done, call=call, count=erased), call_id
                )
            logger.info("Erased %d answers of call %s (retention)", erased, call_id)

    async def run_due(self) -> int:
        """Sends (or skips) every reminder due now; returns how many were handled."""
        if not self.leading:
            return 0
        async with self._lock:
            due = await self.storage.reminders.due(self.clock.now())
            latest: dict[tuple, Reminder] = {}
            for reminder in due:  # in due order: the last one of a kind is the freshest
                latest[
                    (reminder.call_id, reminder.kind, reminder.audience, reminder.meeting_key)
                ] = reminder
            failed = False
            for reminder in due:
                key = (reminder.call_id, reminder.kind, reminder.audience, reminder.meeting_key)
                if reminder.kind != ReminderKind.CLOSE and latest[key] is not reminder:
                    # Several came due at once (the bot was down): one message, not a pile.
                    await self.storage.reminders.finish(
                        reminder.id, ReminderStatus.SKIPPED, self.clock.now(), note="superseded"
                    )
                    continue
                try:
                    await self._handle(reminder)
                except Exception:
                    logger.exception("Reminder %s failed; it stays planned", reminder.id)
                    failed = True
            # A reminder that failed is still due: try again in a while, not in a busy loop.
            await self._arm_next(RETRY_FAILED if failed else 0.0)
            return len(due)

    async def catch_up(self) -> None:
        """Runs what came due since the last look, if anything did: another replica may
        have planned it (an admin's change), and armed only its own clock."""
        next_due = await self.storage.reminders.next_due_at()
        if next_due is not None and next_due <= self.clock.now():
            await self.run_due()

    async def _arm_next(self, at_least: float = 0.0) -> None:
        next_due = await self.storage.reminders.next_due_at()
        delay = HEARTBEAT
        if next_due is not None:
            delay = min(HEARTBEAT, max(0.0, (next_due - self.clock.now()).total_seconds()))
        self.arm(max(delay, at_least))

    async def _handle(self, reminder: Reminder) -> None:
        call = await self.storage.calls.get(reminder.call_id)
        now = self.clock.now()
        if call is None:
            return
        if reminder.kind == ReminderKind.CLOSE:
            await self._close(reminder, call, now)
            return
        why_not = self._pointless(reminder, call, now)
        if why_not:
            await self.storage.reminders.finish(
                reminder.id, ReminderStatus.SKIPPED, now, note=why_not
            )
            logger.info("Skipped reminder %s: %s", reminder.id, why_not)
            return
        if reminder.audience == CHANNELS:
            await self._to_channels(reminder, call, now)
            return
        payload, recipients = await self._message(reminder, call, now)
        async with self.storage.transaction():
            # Claimed first, with a conditional UPDATE: a second scheduler (a replica that
            # kept running past its lease) waits for this row, then finds it sent.
            if not await self.storage.reminders.finish(reminder.id, ReminderStatus.SENT, now):
                return
            broadcast, count = await self.storage.outbox.create(
                BroadcastKind.REMINDER,
                Segment(SegmentKind.CHATS),
                payload,
                now,
                call_id=call.id,
                recipients=recipients,
            )
            await self.storage.reminders.attach(reminder.id, broadcast.id, note=str(count))
        self.notices.wake()
        logger.info(
            "Reminder %s (%s, %s) queued for %d",
            reminder.id,
            reminder.kind,
            reminder.audience,
            count,
        )

    async def _to_channels(self, reminder: Reminder, call: Call, now: datetime) -> None:
        """A reminder for the channels: one post to each, whatever restarts happen."""
        if self.channels is None or not self.channels.channels:
            await self.storage.reminders.finish(
                reminder.id, ReminderStatus.SKIPPED, now, note="no channels"
            )
            return
        async with self.storage.transaction():
            # Claimed first, as for people: a second scheduler finds it sent.
            if not await self.storage.reminders.finish(reminder.id, ReminderStatus.SENT, now):
                return
            posts = await self.channels.remind(reminder, call)
        self.channels.post_later(posts)
        logger.info("Reminder %s queued for %d channels", reminder.id, len(posts))

    def _pointless(self, reminder: Reminder, call: Call, now: datetime) -> str:
        """Why a due reminder should not go out any more ("" when it should)."""
        if reminder.kind == ReminderKind.DEADLINE:
            if call.status != CallStatus.OPEN:
                return "call not open"
            if now >= call.deadline_at:
                return "deadline passed"
            return ""
        meeting = next((m for m in call.spec.meetings if m.key == reminder.meeting_key), None)
        if meeting is None:
            return "meeting removed"
        if now >= meeting.starts_at:
            return "meeting started"
        return ""

    async def _message(
        self, reminder: Reminder, call: Call, now: datetime
    ) -> tuple[dict[str, Any], list[tuple[int, dict[str, Any] | None]]]:
        languages = [Translator(lang, self.settings.tz) for lang in CATALOGS]
        repo = self.storage.reminders
        if reminder.kind == ReminderKind.MEETING:
            meeting = next(m for m in call.spec.meetings if m.key == reminder.meeting_key)
            payload = {
                "by_language": {
                    t.lang: attach(
                        payload_of(screens.meeting_reminder(t, call, meeting)),
                        f"{call.slug}-{meeting.key}.ics",
                        meeting_ics(call, meeting, t.lang, now, tz=self.settings.tz),
                    )
                    for t in languages
                }
            }
            statuses = [RegistrationStatus.ACCEPTED] if call.spec.moderated else HOLDS_SEAT
            return payload, [(user, None) for user in await repo.registrants(call.id, statuses)]
        payload = per_language(
            {t.lang: screens.deadline_reminder(t, call, reminder.audience, now) for t in languages}
        )
        if reminder.audience == "drafts":
            recipients: list[tuple[int, dict[str, Any] | None]] = []
            for user, registration, step, answers in await repo.drafts(call.id):
                left = questions_left(call, json.loads(answers), step)
                words = {t.lang: {"progress": screens.progress_words(t, left)} for t in languages}
                recipients.append(
                    (user, {"fill": {"registration": registration}, "fill_by_language": words})
                )
            return payload, recipients
        users = (
            await repo.followers(call.id)
            if reminder.audience == "followers"
            else await repo.newcomers(call.id)
        )
        return payload, [(user, None) for user in users]

    async def _close(self, reminder: Reminder, call: Call, now: datetime) -> None:
        """At the deadline: the call closes, drafts are told, admins get counts and the export."""
        if call.status != CallStatus.OPEN or now < call.deadline_at:
            note = "already closed" if call.status != CallStatus.OPEN else "deadline moved"
            await self.storage.reminders.finish(
                reminder.id, ReminderStatus.SKIPPED, now, note=note
            )
            return
        drafts = [(user, None) for user, *_ in await self.storage.reminders.drafts(call.id)]
        notes: list[int] = []
        async with self.storage.transaction():
            # Claimed first, as in _handle: one closing, whichever scheduler runs it.
            claimed = await self.storage.reminders.finish(
                reminder.id, ReminderStatus.SENT, now, note="closed"
            )
            if claimed:
                await self._closing(call, now, drafts)
                notes = await self.channels.closing(call, reminder.id) if self.channels else []
        if not claimed:
            return
        if self.channels is not None:
            self.channels.post_later(notes)
        counts = {
            str(k): v
            for k, v in (await self.storage.registrations.count_by_status(call.id)).items()
        }
        await self.notices.to_admins(lambda t: screens.closing_summary(t, call, counts), call.id)
        logger.info("Call %s closed at its deadline", call.slug)
        if self.send_export is not None:
            try:
                await self.send_export(call)
            except Exception:
                logger.exception("Could not send the closing export of %s", call.slug)

    async def _closing(self, call: Call, now: datetime, drafts: list) -> None:
        """Closes the call and queues the drafts' notice (inside the caller's transaction)."""
        await self.storage.calls.update(call.id, call.spec, now, CallStatus.CLOSED)
        await self.storage.privacy.mark_closed(call.id, now)
        if drafts:
            payload = per_language(
                {
                    lang: screens.call_closed(Translator(lang, self.settings.tz), call)
                    for lang in CATALOGS
                }
            )
            await self.storage.outbox.create(
                BroadcastKind.CLOSING,
                Segment(SegmentKind.CHATS),
                payload,
                now,
                call_id=call.id,
                recipients=drafts,
            )


def export_to_admins(
    notices: Notices,
    storage: Storage,
    settings: Settings,
    bot: Bot,
    profile: Profile,
    budget: Budget,
) -> SendExport:
    """The callback that sends a closed call's CSV to the admins' chats."""
    from bot.services.export import export_file

    async def send(call: Call) -> None:
        t = Translator(settings.default_language, settings.tz)
        caption_title = t.title(call.spec.title)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{call.slug}.csv"
            count = await export_file(storage, call, "csv", path, t)
            for chat in notices.admin_chats():
                with path.open("rb") as document:
                    send = partial(
                        bot.send_document,
                        chat,
                        document,
                        filename=path.name,
                        caption=t("export.sent", count=count, title=caption_title),
                    )
                    await spend(budget, Priority.NOTICE, send, chat)

    return send
