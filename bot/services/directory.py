"""The directory of experts: entries kept from registrations, what admins read and send from
it, what a person can do with their own entry, and its retention (rules: domain/directory)."""

from __future__ import annotations

import logging
import math
import secrets
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.domain.admin_sessions import Flow
from bot.domain.broadcasts import Broadcast, BroadcastKind
from bot.domain.calls import Call, CallSpec, Window
from bot.domain.clock import Clock
from bot.domain.directory import (
    DIRECTORY_KEY,
    PAGE_SIZE,
    WARN_BEFORE,
    EntriesPage,
    Entry,
    Filters,
    Overview,
    Reach,
    asking_consent,
    choice_keys,
    chosen,
    contribution,
    cutoffs,
    merge,
    profile_schema,
    renewed,
    toggled,
    withdrawn,
)
from bot.domain.forms import Question
from bot.domain.models import Registration
from bot.domain.search import QueryProblem, SearchQuery, read_query
from bot.domain.segments import Segment, SegmentKind
from bot.domain.settings import Settings
from bot.sending.outbox import Outbox
from bot.sending.outgoing import per_language
from bot.services.directory_export import export_directory
from bot.ui.directory import directory_question
from bot.ui.screens import directory as screens
from bot.ui.screens.answers import display_answer
from bot.ui.texts import CATALOGS, Translator
from storage import Storage
from storage.directory import View

logger = logging.getLogger(__name__)

BROWSE, INVITE = "browse", "invite"  # an admin's two views of the directory
Schema = dict[str, Question]


def with_directory_question(spec: CallSpec) -> CallSpec:
    """A call that keeps a directory, its question worded: the file's own, or the one its
    form already has, or the catalog's naming the organiser. Every call is saved this way."""
    plan = spec.directory
    if plan is None or plan.question is not None:
        return spec
    own = spec.form.question(DIRECTORY_KEY)
    label = dict(own.label) if own else directory_question(spec.organiser)
    worded = plan.model_copy(update={"question": label})
    return spec.model_copy(update={"directory": worded, "form": asking_consent(spec.form, label)})


@dataclass(frozen=True)
class Membership:
    """A person's own entry, with the organisers of the calls it came from."""

    entry: Entry
    organisers: list[dict[str, str]]


class Directory:
    def __init__(
        self, *, storage: Storage, clock: Clock, settings: Settings, outbox: Outbox | None
    ) -> None:
        self.storage = storage
        self.clock = clock
        self.settings = settings
        self.outbox = outbox  # None on the command line: rows wait for the running bot

    @property
    def keep(self) -> timedelta:
        return timedelta(days=self.settings.directory_retention_days)

    async def schema(self) -> Schema:
        """The profile's questions across every call that keeps a directory."""
        calls = sorted(await self.storage.calls.all(), key=lambda call: call.id)
        return profile_schema((c.spec.directory, c.form) for c in calls if c.spec.directory)

    # From registrations (the journey calls these).

    async def record(self, call: Call, registration: Registration) -> None:
        """A registration was submitted or edited: its consent (or none) and its profile
        answers go into the person's entry."""
        given = contribution(
            call.spec.directory, registration.user_id, call.id, registration.answers,
            self.clock.now(),
        )  # fmt: skip
        if given is None:
            return
        repo = self.storage.directory
        async with self.storage.transaction():
            entry = await repo.get(registration.user_id)
            merged = merge(entry, given)
            if merged is None:
                if entry is not None:
                    await repo.delete(registration.user_id)
            elif merged != entry:
                await repo.save(merged, chosen(merged.profile, await self.schema()))

    async def withdrew(self, user_id: int, call_id: int) -> None:
        """A registration was withdrawn: the entry stays, that call marked withdrawn."""
        entry = await self.storage.directory.get(user_id)
        if entry is not None and any(part.call_id == call_id for part in entry.calls):
            after = withdrawn(entry, call_id)
            await self.storage.directory.save(after, chosen(after.profile, await self.schema()))

    # What admins read.

    async def overview(self, admin_id: int, *, fresh: bool = False) -> tuple[Overview, Schema]:
        """Everyone counted by each profile choice, and how many the admin's ticked options
        select; `fresh`: with every option unticked and the search ended first."""
        repo = self.storage.directory
        if fresh:
            filters: Filters = {}
            saved = repo.save_view(admin_id, BROWSE, View(filters), self.clock.now())
            counts, total, schema, _ = await self.storage.together(
                repo.choice_counts(), repo.total(), self.schema(), saved
            )
            return Overview(total, counts, filters, total), schema
        filters = await self._filters(admin_id, BROWSE)
        counts, total, schema = await self.storage.together(
            repo.choice_counts(), repo.total(), self.schema()
        )
        selected = await repo.count(filters) if filters else total  # none ticked: everyone
        return Overview(total, counts, filters, selected), schema

    async def filter(self, admin_id: int, key: str, index: int, *, clear: bool = False) -> bool:
        """Ticks or unticks option `index` of `key` in the admin's browsing filters (or
        clears them all); False for a key or option the directory does not have."""
        return await self._change_view(admin_id, BROWSE, None, key, index, clear)

    async def page(self, admin_id: int, number: int) -> tuple[EntriesPage, Schema]:
        """One page of the entries the admin's filters (and search) select, most recently
        renewed first."""
        view = await self.storage.directory.view(admin_id, BROWSE) or View({})
        return await self._page(view, number)

    async def _page(
        self, view: View, number: int, *also: Awaitable[object]
    ) -> tuple[EntriesPage, Schema]:
        """Page `number` of what the view selects (the last one, if there are fewer now);
        `also`: independent steps to take at the same time."""
        repo = self.storage.directory
        query = read_query(view.query) if view.query else None
        terms = query.terms if isinstance(query, SearchQuery) else ()
        if number <= 0:  # the first page is there whatever the count: both asked at once
            number = 0
            count, entries, schema, *_ = await self.storage.together(
                repo.count(view.filters, terms),
                repo.page(view.filters, 0, PAGE_SIZE, terms),
                self.schema(),
                *also,
            )
        else:
            count = await repo.count(view.filters, terms)
            number = min(number, max(1, math.ceil(count / PAGE_SIZE)) - 1)
            entries, schema, *_ = await self.storage.together(
                repo.page(view.filters, number * PAGE_SIZE, PAGE_SIZE, terms),
                self.schema(),
                *also,
            )
        pages = max(1, math.ceil(count / PAGE_SIZE))
        return EntriesPage(entries, number, pages, count, view.query, bool(view.filters)), schema

    async def search(
        self, admin_id: int, typed: str, *, within_filters: bool
    ) -> tuple[EntriesPage, Schema] | QueryProblem:
        """The first page of the entries whose profile matches what the admin typed (read
        and matched as /find reads and matches it), among those the ticked options select or
        among everyone; or why it is not searched. The search is kept for the next pages, and
        the admin's 🔎 question, if one was open, is answered by it."""
        query = read_query(typed)
        if isinstance(query, QueryProblem):
            return query
        filters = await self._filters(admin_id, BROWSE) if within_filters else {}
        view = View(filters, query=query.text)
        return await self._page(  # the view as saved, not read back
            view,
            0,
            self.storage.directory.save_view(admin_id, BROWSE, view, self.clock.now()),
            self.storage.admin_sessions.end(admin_id, Flow.DIRECTORY_FIND),
        )

    async def end_search(self, admin_id: int) -> None:
        """Back on the /directory screen: its pages show what the ticked options select."""
        view = await self.storage.directory.view(admin_id, BROWSE)
        if view is not None and view.query is not None:
            kept = View(view.filters)
            await self.storage.directory.save_view(admin_id, BROWSE, kept, self.clock.now())

    async def entry(
        self, admin_id: int, user_id: int
    ) -> tuple[Entry, Schema, dict[int, Call]] | None:
        """One person's entry and its calls, for an admin (None: not in the directory). Who
        looked at whom goes into the audit log (never what they read)."""
        entry = await self.storage.directory.get(user_id)
        if entry is None:
            return None
        calls = {}
        for part in entry.calls:
            if call := await self.storage.calls.get(part.call_id):
                calls[call.id] = call
        await self._audit(admin_id, "directory_entry", None, str(user_id))
        return entry, await self.schema(), calls

    async def export(self, admin_id: int, fmt: str, path: Path, t: Translator) -> int:
        """The entries the admin's filters select (all, without filters) as CSV or XLSX."""
        filters = await self._filters(admin_id, BROWSE)
        titles = {call.id: t.title(call.spec.title) for call in await self.storage.calls.all()}
        rows = self.storage.directory.stream(filters)
        count = await export_directory(rows, await self.schema(), titles, fmt, path, t)
        await self._audit(admin_id, f"directory_{fmt}", None, str(count))
        return count

    # Invitations to a call.

    def invitable(self, call: Call) -> bool:
        """Whether people could register for the call after an invitation."""
        return call.published and call.window(self.clock.now()) != Window.CLOSED

    async def start_invitation(self, admin_id: int, call: Call) -> None:
        """A fresh invitation to `call`: no filters (everyone in the directory)."""
        view = View({}, call.id)
        await self.storage.directory.save_view(admin_id, INVITE, view, self.clock.now())

    async def invite_filter(self, admin_id: int, call: Call, key: str, index: int) -> bool:
        return await self._change_view(admin_id, INVITE, call.id, key, index, False)

    async def invitation(self, admin_id: int, call: Call) -> tuple[Reach, Overview, Schema]:
        """Who an invitation with the admin's filters would reach, and the choices to tick."""
        filters = await self._filters(admin_id, INVITE, call.id)
        repo = self.storage.directory
        selected, reached = await repo.reach(filters, call.id)
        overview = Overview(await repo.total(), await repo.choice_counts(), filters, selected)
        return Reach(selected, reached), overview, await self.schema()

    async def prepare(self, admin_id: int, call: Call) -> tuple[int, Reach]:
        """The invitation is previewed: a new draft number for its Send button, so that a
        Send pressed under an older preview (other filters, another call) sends nothing."""
        filters = await self._filters(admin_id, INVITE, call.id)
        draft = secrets.randbelow(10**9) + 1
        view = View(filters, call.id, draft)
        await self.storage.directory.save_view(admin_id, INVITE, view, self.clock.now())
        selected, reached = await self.storage.directory.reach(filters, call.id)
        return draft, Reach(selected, reached)

    async def invite(
        self, admin_id: int, draft: int, *, language: str, progress_chat_id: int
    ) -> tuple[Call, Broadcast | None, int] | None:
        """Send confirmed: the call's card to everyone the filters select who has not
        registered for it, one delivery each through the outbox. None: not that draft (or
        the call cannot take registrations any more); no broadcast when nobody is left."""
        view = await self.storage.directory.take_draft(admin_id, INVITE, draft)
        call = await self.storage.calls.get(view.call_id) if view and view.call_id else None
        if view is None or call is None or not self.invitable(call):
            return None
        recipients = await self.storage.directory.recipients(view.filters, call.id)
        if not recipients:
            return call, None, 0
        now = self.clock.now()
        payload: dict[str, Any] = per_language(
            {
                lang: screens.invitation(Translator(lang, self.settings.tz), call, now)
                for lang in CATALOGS
            }
        )
        broadcast, count = await self.storage.outbox.create(
            BroadcastKind.INVITATION,
            Segment(SegmentKind.CHATS),
            {**payload, "progress_language": language},
            now,
            call_id=call.id,
            created_by=admin_id,
            progress_chat_id=progress_chat_id,
            recipients=[(user, None) for user in recipients],
        )
        await self._audit(admin_id, "invite", call.id, str(count))
        return call, broadcast, count

    # A person's own entry.

    async def membership(self, user_id: int) -> Membership | None:
        entry = await self.storage.directory.get(user_id)
        if entry is None:
            return None
        organisers: list[dict[str, str]] = []
        for part in entry.calls:
            call = await self.storage.calls.get(part.call_id)
            if call is not None and call.spec.organiser not in organisers:
                organisers.append(call.spec.organiser)
        return Membership(entry, organisers)

    async def personal_data(self, user_id: int, t: Translator) -> dict[str, Any] | str:
        """The person's entry for /mydata, labelled in their language."""
        entry = await self.storage.directory.get(user_id)
        if entry is None:
            return t("mydata.directory_none")
        schema = await self.schema()
        profile = {
            t.pick(question.label): display_answer(t, question, entry.profile[key])
            for key, question in schema.items()
            if key in entry.profile
        }
        calls = []
        for part in entry.calls:
            if call := await self.storage.calls.get(part.call_id):
                calls.append(t.title(call.spec.title))
        return {
            t("mydata.directory_profile"): profile,
            t("mydata.directory_calls"): calls,
            t("mydata.directory_since"): entry.created_at.isoformat(timespec="seconds"),
            t("mydata.directory_renewed"): entry.renewed_at.isoformat(timespec="seconds"),
            t("mydata.directory_erased_on"): entry.erased_on(self.keep).isoformat(
                timespec="seconds"
            ),
        }

    async def leave(self, user_id: int) -> bool:
        """Erases the person's entry, and their "yes" to every directory question: a later
        edit of a registration must not bring them back. False when they were not in it."""
        async with self.storage.transaction():
            left = await self.storage.directory.delete(user_id)
            now = self.clock.now()
            for registration in await self.storage.registrations.for_user(user_id):
                if DIRECTORY_KEY in registration.answers:
                    await self.storage.registrations.save_answer(
                        registration.id, DIRECTORY_KEY, None, now
                    )
            # Invitations still on their way to them stop here.
            await self.storage.outbox.withdraw(user_id, (BroadcastKind.INVITATION,))
        if self.outbox is not None:
            await self.outbox.settle(user_id)
        return left

    async def stay(self, user_id: int) -> Entry | None:
        """The person chose to stay (from the warning): their entry's retention starts again."""
        entry = await self.storage.directory.get(user_id)
        if entry is None:
            return None
        after = renewed(entry, self.clock.now())
        await self.storage.directory.save(after, chosen(after.profile, await self.schema()))
        return after

    # Retention (the scheduler's pass).

    async def retention(self) -> None:
        """Warns those whose entry is due for erasure in 7 days; erases those warned 7 days
        ago and not renewed since."""
        now = self.clock.now()
        repo = self.storage.directory
        limits = cutoffs(now, self.keep)
        if due := await repo.warning_due(limits):
            await self._warn(due, now + WARN_BEFORE)
            await repo.mark_warned(due, now)
            logger.info("Warned %d people that their directory entry will be erased", len(due))
        if erased := await repo.erase_due(limits):
            await self._audit(0, "directory_retention", None, str(erased))
            logger.info("Erased %d directory entries (retention)", erased)

    async def _warn(self, users: list[int], erase_on: datetime) -> None:
        translators = [Translator(lang, self.settings.tz) for lang in CATALOGS]
        payload = per_language(
            {t.lang: screens.retention_warning(t, erase_on, self.keep.days) for t in translators}
        )
        recipients = []
        for user in users:
            found = await self.membership(user)
            organisers = found.organisers if found else []
            words = {
                t.lang: {"organisers": screens.organisers(t, organisers)} for t in translators
            }
            recipients.append((user, {"fill_by_language": words}))
        await self.storage.outbox.create(
            BroadcastKind.NOTICE, Segment(SegmentKind.CHATS), payload, self.clock.now(),
            recipients=recipients,
        )  # fmt: skip
        if self.outbox is not None:
            self.outbox.wake()

    # Helpers.

    async def _filters(self, admin_id: int, name: str, call_id: int | None = None) -> Filters:
        view = await self.storage.directory.view(admin_id, name)
        if view is None or (call_id is not None and view.call_id != call_id):
            return {}
        return view.filters

    async def _change_view(
        self, admin_id: int, name: str, call_id: int | None, key: str, index: int, clear: bool
    ) -> bool:
        filters = {} if clear else await self._filters(admin_id, name, call_id)
        if not clear:
            schema = await self.schema()
            question = schema.get(key) if key in choice_keys(schema) else None
            if question is None or not 0 <= index < len(question.options):
                return False
            filters = toggled(filters, key, question.options[index].value)
        view = View(filters, call_id)
        await self.storage.directory.save_view(admin_id, name, view, self.clock.now())
        return True

    async def _audit(self, admin_id: int, action: str, call_id: int | None, detail: str) -> None:
        await self.storage.audit.record(admin_id, action, self.clock.now(), call_id, detail)
