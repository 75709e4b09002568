"""A person's own data: everything the bot holds about them as a file, and erasing it all."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.domain.calls import Call
from bot.domain.clock import Clock
from bot.domain.models import HOLDS_SEAT, Registration
from bot.sending.outbox import Outbox
from bot.services.directory import Directory
from bot.services.journey import Journey
from bot.ui.screens.answers import display_answer
from bot.ui.texts import Translator
from storage import Storage


async def my_data(storage: Storage, user_id: int, t: Translator, now: datetime) -> bytes:
    """Profile, registrations with answers and consent, reminder settings, messages sent:
    a JSON file whose labels are in the reader's language."""
    profile = await storage.privacy.profile(user_id) or {}
    titles: dict[int, str] = {}
    calls = {}
    for registration in await storage.registrations.for_user(user_id):
        call = await storage.calls.get(registration.call_id)
        if call is not None:
            calls[registration.id] = (registration, call)
            titles[call.id] = t.title(call.spec.title)

    async def entry(registration: Registration) -> dict[str, Any]:
        _, call = calls[registration.id]
        consent = await storage.privacy.consent_text(registration.consent_version)
        answers = {
            t.pick(q.label): display_answer(t, q, registration.answers.get(q.key))
            for q in call.form.questions
            if q.key in registration.answers
        }
        return {
            t("mydata.call"): titles[call.id],
            t("mydata.status"): t(f"status.{registration.status}"),
            t("mydata.reference_code"): registration.reference_code,
            t("mydata.started"): _iso(registration.created_at),
            t("mydata.submitted"): _iso(registration.submitted_at),
            t("mydata.consent"): {
                t("mydata.consent_version"): registration.consent_version,
                t("mydata.consent_agreed"): _iso(registration.consented_at),
                t("mydata.consent_text"): _plain(consent.get(t.lang, "")),
            },
            t("mydata.answers"): answers,
        }

    for call_id in [
        *await storage.privacy.followed(user_id),
        *await storage.privacy.opted_out(user_id),
    ]:
        if call_id not in titles and (call := await storage.calls.get(call_id)):
            titles[call_id] = t.title(call.spec.title)
    deliveries = await storage.privacy.deliveries(user_id)
    data = {
        t("mydata.exported_at"): _iso(now),
        t("mydata.profile"): {
            t("mydata.user_id"): profile.get("id"),
            t("mydata.first_name"): profile.get("first_name"),
            t("mydata.last_name"): profile.get("last_name"),
            t("mydata.username"): profile.get("username"),
            t("mydata.language"): profile.get("language"),
            t("mydata.first_seen"): profile.get("created_at"),
            t("mydata.last_seen"): profile.get("last_seen_at"),
        },
        t("mydata.registrations"): [await entry(r) for r, _ in calls.values()],
        t("mydata.reminders"): {
            t("mydata.following"): [titles[c] for c in await storage.privacy.followed(user_id)],
            t("mydata.stopped"): [titles[c] for c in await storage.privacy.opted_out(user_id)],
        },
        t("mydata.messages"): [
            {
                t("mydata.message_kind"): t(f"mydata.kind.{d.kind}"),
                t("mydata.call"): titles.get(d.call_id or 0, ""),
                t("mydata.message_status"): d.status,
                t("mydata.message_at"): _iso(d.at),
            }
            for d in deliveries
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


async def forget(storage: Storage, journey: Journey, user_id: int) -> list[Registration]:
    """Erases everything about the person; returns who moved up from waitlists as a result.

    Registrations in open calls are withdrawn first, so a place they held goes to the next
    person waiting; seats erased with them in closed calls go the same way. Only an
    anonymous line is left in the audit log.
    """
    promoted: list[Registration] = []
    held: list[Call] = []
    async with storage.transaction():
        for registration in await storage.registrations.for_user(user_id):
            call = await storage.calls.get(registration.call_id)
            if call is None or not registration.is_active:
                continue
            outcome = await journey.withdraw(registration, call)
            if isinstance(outcome, tuple):
                promoted += outcome[1]
            elif registration.status in HOLDS_SEAT:
                held.append(call)  # a closed call: the seat frees when the row is erased
        await storage.privacy.erase_user(user_id)
        for call in held:
            promoted += await journey.seats.settle(call)
        await storage.audit.record(0, "forget", journey.clock.now(), None, "")
    return promoted


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _plain(text: str) -> str:
    from bot.domain.messenger import TELEGRAM

    return TELEGRAM.plain(text)


class Privacy:
    """A person's rights over their data: the consent they gave, their data, its erasure."""

    def __init__(
        self,
        *,
        storage: Storage,
        journey: Journey,
        clock: Clock,
        directory: Directory | None = None,
        outbox: Outbox | None = None,
    ) -> None:
        self.storage = storage
        self.journey = journey
        self.clock = clock
        self.directory = directory
        self.outbox = outbox  # None on the command line: no send can be under way there

    async def record_consent(self, version: str, texts: dict[str, str]) -> None:
        """Keeps the words of a consent version, so each registration's can be shown later."""
        await self.storage.privacy.record_consent(version, texts, self.clock.now())

    async def my_data(self, user_id: int, t: Translator) -> bytes:
        data = await my_data(self.storage, user_id, t, self.clock.now())
        if self.directory is None:
            return data
        whole = json.loads(data)
        whole[t("mydata.directory")] = await self.directory.personal_data(user_id, t)
        return json.dumps(whole, ensure_ascii=False, indent=2).encode("utf-8")

    async def forget(self, user_id: int) -> list[Registration]:
        """Erases the person; returns who moved up from waitlists (each told by the outbox).

        Their deliveries are erased with them, so no later send can claim one; a send to
        them already under way is waited for: once this returns, nothing more reaches them.
        """
        promoted = await forget(self.storage, self.journey, user_id)
        if self.outbox is not None:
            await self.outbox.settle(user_id)
        return promoted
