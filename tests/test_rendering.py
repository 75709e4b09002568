"""Every screen and catalog text, in both languages and on both messengers, reads right.

A property over everything the bot can send, rendered with realistic and with extreme values
(the longest texts a call file or the form allows, Latin runs, digits, markup characters):

- in Persian: no ASCII digit outside an isolated Latin run (FSI/LRI/RLI … PDI), no internal
  identifier (`registrants:1:active`, raw enum values, `3d`), isolates balanced on every
  line, no doubled punctuation (`؟:`), no middle dot (it reads as a Persian zero);
- in every language: within the messenger's limits (4,096 for a message, 64 bytes of
  button data), and markup that parses.

`test_every_screen_is_rendered_here` fails when a screen is added without a case here.
"""

from __future__ import annotations

import html
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from typing import Any, ClassVar

import pytest
from telegram import ReplyKeyboardMarkup

from bot.domain.admin_sessions import AdminSession, Flow, Step
from bot.domain.audit import AuditEvent
from bot.domain.broadcasts import Broadcast, BroadcastStatus, DeliveryCounts
from bot.domain.calls import Call, CallSpec, CallStatus, Window
from bot.domain.channels import ChannelPost, PostKind, PostStatus
from bot.domain.directory import (
    DirectoryPlan,
    EntriesPage,
    Entry,
    Overview,
    Part,
    Reach,
    chosen,
    profile_schema,
)
from bot.domain.forms import QuestionType
from bot.domain.messenger import BALE, SOROUSH, TELEGRAM, Profile
from bot.domain.models import Registration, RegistrationStatus, User
from bot.domain.moves import DEADLINE, DateMove
from bot.domain.refusal import Refusal
from bot.domain.registrants import (
    MESSAGE_ROOM,
    Card,
    ChoiceFilter,
    Listing,
    Moment,
    RegistrantPage,
    RegistrantRow,
    SentMessage,
)
from bot.domain.reminders import Reminder, ReminderKind, ReminderStatus
from bot.domain.search import Found, QueryProblem, SearchPage
from bot.domain.segments import CALL_SEGMENTS
from bot.domain.stats import CallStats
from bot.ui import screens as screens_package
from bot.ui.consent import consent_texts, consent_version
from bot.ui.screens import (
    Screen,
    admin,
    admin_notices,
    admin_wizard,
    audit,
    calls,
    find,
    form,
    mine,
    moves,
)
from bot.ui.screens import channels as channel_screens
from bot.ui.screens import directory as directory_screens
from bot.ui.screens import registrant_card as card_screens
from bot.ui.screens import registrants as registrant_screens
from bot.ui.screens import reminders as reminder_screens
from bot.ui.screens import stats as stats_screens
from bot.ui.texts import CATALOGS, Translator, escape, placeholders
from tests.factories import TEHRAN

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
MESSAGE_LIMIT = 4096  # UTF-16 code units, as the Bot API counts them
CAPTION_LIMIT = 1024  # a document's caption (the meeting reminder carries its .ics)
CALLBACK_LIMIT = 64  # bytes
ISOLATE_OPEN = "\u2066\u2067\u2068"  # LRI, RLI, FSI
PDI = "\u2069"

# What a reader must never see in a Persian text (outside or inside isolates).
INTERNAL = re.compile(
    r"[a-z]+:\d"  # registrants:1:active
    r"|\b(?:registrants|drafts|followers|everyone|submitted|waitlisted|accepted|rejected"
    r"|withdrawn|draft|active|broadcast|announcement|export_csv|export_xlsx|None|True|False"
    r"|planned|sent|skipped|sending|done|pending)\b"
    r"|\b[a-z]+_[a-z_]+\b"  # snake_case names
    r"|\b\d+[dhm]\b"  # 3d, 1d, 3h
)
DOUBLED = re.compile(r"[؟?!:]\s*:|،\s*،|\.\s*:")
# Links, e-mails and a bot's @username (where a messenger has no link into the bot, the
# reader must type it as it is).
LINKS = re.compile(r"https?://[^\s\u2069]+|[\w.+-]+@[\w-]+\.[\w.-]+|@[A-Za-z]\w+")
# Latin words a Persian text may show as they are: names of formats and of commands.
LATIN_WORDS = {"CSV", "YAML", "ISO", "Telegram", "Bale"}


# Values: realistic, and the most a call file or the form allows.

# A meeting link as long as real ones get (a Teams invitation), and one longer than any
# caption: a call file sets no length for a link.
TEAMS_LINK = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + "N2Q4" * 60
LINK_TOO_LONG = "https://meet.example.org/" + "x" * 1500


def _localized(fa: str, en: str) -> dict[str, str]:
    return {"fa": fa, "en": en}


REALISTIC = {
    "title": _localized("کارگروه صیانت از حقوق کاربران", "Users' rights working group"),
    "name": "سارا رضایی",
    "latin_name": "Sara Rezaei",
    "text": "حریم خصوصی و حقوق کاربران",
    "long_text": "پیشنهاد من: شفافیت الگوریتم‌ها و حق دسترسی به داده‌های شخصی.",
    "phone": "+989121234567",
    "email": "sara@example.com",
}
# Latin runs with digits, markup characters, the longest lengths allowed.
MIXED = "کارگروه IT 2027 & <گروه> «نصر» v2.0 "
EXTREME = {
    "title": _localized((MIXED * 120)[:4000], ("Group 42 & <more> " * 300)[:4000]),
    "name": ("نام Name 3rd & <b> " * 10)[:100],
    "latin_name": ("John 3rd <i>&amp; " * 10)[:100],
    "text": (MIXED * 10)[:150],
    "long_text": (MIXED * 100)[:2000],
    "phone": "+447911123456",
    "email": "very.long.address-2027@sub.example-domain.org",
}


def spec(values: dict[str, Any], *, moderated: bool, capacity: int | None) -> CallSpec:
    title = values["title"]
    return CallSpec.model_validate(
        {
            "slug": "user-rights-1405",
            "title": title,
            "description": {lang: (text * 3)[:4000] for lang, text in title.items()},
            "organiser": title,
            "invited_groups": [title, _localized("انجمن‌ها", "Associations")],
            "opens_at": NOW - timedelta(days=10),
            "deadline_at": NOW + timedelta(days=5, hours=3),
            "capacity": capacity,
            "moderated": moderated,
            "consent": title,
            "reminders": {"before_deadline": ["3d", "1d", "3h"], "before_meetings": ["1d"]},
            "meetings": [
                {
                    "key": "kickoff",
                    "title": title,
                    "starts_at": NOW + timedelta(days=12),
                    "place": title,
                    "link": "https://meet.example.org/room-2027?id=42",
                }
            ],
            "form": {
                "questions": [
                    {"key": "full_name", "type": "text", "label": title, "max_length": 100},
                    {
                        "key": "why",
                        "type": "text",
                        "label": _localized("چرا؟", "Why?"),
                        "help": title,
                        "max_length": 150,
                    },
                    {
                        "key": "expertise",
                        "type": "multi_choice",
                        "label": title,
                        "options": [
                            {"value": f"area{i}", "label": _localized(f"حوزه {i}", f"Area {i}")}
                            for i in range(12)
                        ],
                        "min_choices": 1,
                        "max_choices": 3,
                    },
                    {
                        "key": "role",
                        "type": "choice",
                        "label": title,
                        "options": [
                            {"value": "person", "label": title},
                            {"value": "org", "label": _localized("سازمان", "Organisation")},
                        ],
                    },
                    {"key": "mobile", "type": "phone", "label": title},
                    {"key": "email", "type": "email", "label": title},
                    {"key": "age", "type": "number", "label": title, "min": 18, "max": 120},
                    {"key": "proposals", "type": "long_text", "label": title, "max_length": 2000},
                    {"key": "ok", "type": "consent", "label": title, "required": False},
                ]
            },
        }
    )


def call_of(values: dict[str, Any], **changes: Any) -> Call:
    status = changes.pop("status", CallStatus.OPEN)
    the_spec = spec(values, moderated=changes.get("moderated", True), capacity=1_000_000)
    return Call(7, the_spec, status, the_spec.opens_at or NOW, the_spec.deadline_at)


def registration_of(values: dict[str, Any], status: RegistrationStatus) -> Registration:
    return Registration(
        id=123456789,
        call_id=7,
        user_id=1234567890,
        status=status,
        step=None if status != RegistrationStatus.DRAFT else "proposals",
        return_to_review=False,
        reference_code="FK-7K3M9Q",
        created_at=NOW - timedelta(days=2),
        updated_at=NOW,
        submitted_at=None if status == RegistrationStatus.DRAFT else NOW - timedelta(days=1),
        consented_at=NOW - timedelta(days=2),
        consent_version="3f2a9c1d0b7e",
        answers={
            "full_name": values["name"],
            "why": values["text"],
            "expertise": ["area1", "area2", "area11"],
            "role": "person",
            "mobile": values["phone"],
            "email": values["email"],
            "age": 42,
            "proposals": values["long_text"],
            "ok": True,
        },
    )


@dataclass(frozen=True)
class Case:
    name: str
    screens: list[Screen]
    limit: int = MESSAGE_LIMIT  # CAPTION_LIMIT for a text sent as a document's caption


def cases(t: Translator, values: dict[str, Any], profile: Profile = TELEGRAM) -> Iterator[Case]:
    """One case per screen (and per state of it that reads differently), as `profile`'s
    messenger has them (a link into the bot or not, a contact button or not)."""
    call = call_of(values)
    way_in = profile.entry("farakhan_bot", "user-rights-1405")
    open_call = replace(call, spec=call.spec.model_copy(update={"moderated": False}))
    statuses = list(RegistrationStatus)
    user = User(1234567890, t.lang, values["latin_name"], "sara_2027")
    counts = {status: 100_000 + i for i, status in enumerate(statuses)}
    broadcast = Broadcast(
        42, "broadcast", 7, "registrants:7:active", {"text": "x"}, 9001, NOW,
        BroadcastStatus.SENDING, 9001, 55, None,
    )  # fmt: skip
    delivery = DeliveryCounts(pending=10, sending=2, sent=100_000, blocked=3, failed=1)
    questions = call.form.questions

    def case(name: str, *made: Screen | list[Screen]) -> Case:
        flat: list[Screen] = []
        for item in made:
            flat += item if isinstance(item, list) else [item]
        return Case(name, flat)

    yield case("calls.call_list", calls.call_list(t, [call, call], t("start.welcome", name="x")))
    yield case("calls.call_list.empty", calls.call_list(t, [], t("start.unknown_call")))
    for status in [None, *statuses]:
        registration = registration_of(values, status) if status else None
        yield case(
            f"calls.call_card.{status}",
            calls.call_card(t, call, registration, NOW, following=True),
            calls.call_card(t, call, registration, NOW - timedelta(days=30)),
            calls.call_card(t, call, registration, NOW + timedelta(days=30)),
        )
    yield case("calls.full_description", calls.full_description(t, call))
    texts = consent_texts(call, 365, TEHRAN)
    yield case("calls.consent", calls.consent(t, call, texts[t.lang], consent_version(texts)))
    yield case(
        "calls.closed",
        *(calls.closed(t, call, window, NOW) for window in Window),
        calls.closed(t, call, Window.CLOSED, NOW + timedelta(days=30)),
    )
    for status in statuses:
        registration = registration_of(values, status)
        yield case(f"form.review.{status}", form.review(t, call, registration))
        yield case(f"form.full_answers.{status}", form.full_answers(t, call, registration))
        yield case(f"form.edit_picker.{status}", form.edit_picker(t, call, registration))
        yield case(
            f"form.submitted.{status}",
            form.submitted(t, call, registration, None),
            form.submitted(t, call, registration, 1234),
        )
        yield case(
            f"mine.registration_view.{status}",
            mine.registration_view(t, call, registration, NOW, 12, True),
            mine.registration_view(t, call, registration, NOW + timedelta(days=30), None, False),
        )
        yield case(f"mine.paused.{status}", mine.paused(t, registration))
        yield case(f"mine.discard_confirm.{status}", mine.discard_confirm(t, call, registration))
        yield case(f"mine.withdraw_confirm.{status}", mine.withdraw_confirm(t, call, registration))
        notices = admin_notices
        yield case(
            f"admin_notices.new_registration.{status}",
            notices.new_registration(t, call, registration, user),
        )
        yield case(
            f"admin_notices.moderation_request.{status}",
            notices.moderation_request(t, call, registration, user),
        )
        yield case(f"admin_notices.decided.{status}", notices.decided(t, call, registration))
        yield case(f"admin_notices.promoted.{status}", notices.promoted(t, call, registration))
    draft = registration_of(values, RegistrationStatus.DRAFT)
    for q in questions:
        yield case(
            f"form.question.{q.key}",
            form.question(t, call, draft, q, None, contact_button=profile.contact_button),
            form.question(t, call, draft, q, None, contact_button=profile.contact_button),
        )
        yield case(f"form.answered.{q.key}", form.answered(t, call, draft, q))
    yield case(
        "mine.my_list",
        mine.my_list(t, [(registration_of(values, s), call) for s in statuses]),
        mine.my_list(t, []),
    )
    yield case(
        "admin.home", admin.home(t, [(call, counts), (open_call, counts)]), admin.home(t, [])
    )
    for the_call in (call, open_call, replace(call, status=CallStatus.DRAFT)):
        yield case(
            f"admin.call_panel.{the_call.status}.{the_call.spec.moderated}",
            admin.call_panel(
                t, the_call, counts, way_in, can_announce=True, pending_review=12,
            ),
        )  # fmt: skip
    yield case("admin.status_confirm", *(admin.status_confirm(t, call, i) for i in range(3)))
    yield case("admin.edit_fields", admin.edit_fields(t, call))
    yield case(
        "admin.segments",
        admin.segments(t, call, dict.fromkeys(CALL_SEGMENTS, 100_000)),
        admin.segments(t, None, {"everyone": 100_000}),
    )
    yield case("admin.broadcast_preview_intro", admin.broadcast_preview_intro(t, 100_000, "x"))
    yield case("admin.broadcast_confirm", admin.broadcast_confirm(t, 100_000, 999_999_999))
    yield case(
        "admin.progress",
        admin.progress(t, broadcast, delivery, 29.6, 3725.0, False),
        admin.progress(
            t, replace(broadcast, status=BroadcastStatus.DONE), delivery, None, None, True
        ),
    )
    # What an admin wrote, kept as Telegram HTML (escaped), with markup of their own.
    written = {"text": f"<b>{html.escape(values['name'])}</b> {html.escape(values['long_text'])}"}
    to_everyone = replace(broadcast, call_id=None, payload=written)
    yield case(
        "admin.broadcasts",
        admin.broadcasts(t, [(replace(broadcast, payload=written), delivery, call)] * 5
                         + [(to_everyone, delivery, None)] * 5),
        admin.broadcasts(t, []),
    )  # fmt: skip
    events = [
        AuditEvent(NOW, 9001, action, 7, detail)
        for action, detail in (
            ("broadcast", "registrants:7:active → 2"),
            ("broadcast", "everyone → 100000"),
            ("export_csv", "12"),
            ("export_xlsx", "0"),
            ("announce", "3"),
            ("deadline", "2026-12-05T18:00 → 2027-01-10T18:00"),
            ("retention", "240"),
            ("forget", ""),
            ("deadline_told", "100000"),
            ("deadline_not_told", ""),
            ("meeting_told", "3"),
            ("meeting_not_told", ""),
            ("accepted", "FK-7K3M9Q"),
            ("card", "FK-7K3M9Q"),
            ("card", "#123456789"),
            ("card_answers", "FK-7K3M9Q"),
            ("message", "FK-7K3M9Q"),
        )
    ]
    yield case("audit.audit", audit.audit(t, events, {7: call}), audit.audit(t, [], {}))
    yield case(
        "admin.announcement",
        admin.announcement(t, call, NOW, way_in),
    )
    yield case(
        "admin.announce_confirm",
        admin.announce_confirm(t, call, own=3, messenger="telegram"),
        admin.announce_confirm(
            t, call, own=1, messenger="bale", eitaa=("@nasrnews", "-1001234"), pinned=True
        ),
    )
    links = [
        ("telegram", "https://t.me/farakhan_bot?start=user-rights-1405"),
        ("bale", "https://ble.ir/farakhan_bot?start=user-rights-1405"),
        ("rubika", "https://rubika.ir/farakhan_bot?start=user-rights-1405"),
    ]
    yield case("channels.post", Screen(channel_screens.post(t, call, NOW, links)))
    yield case("channels.reminder", Screen(channel_screens.reminder(t, call, NOW, links)))
    yield case("channels.closed", Screen(channel_screens.closed(t, call)))
    posted = ChannelPost(
        1, 7, "eitaa", "@nasrnews", PostKind.ANNOUNCEMENT, "x", True, PostStatus.SENT, "", 1,
        None, 9001, NOW, NOW,
    )  # fmt: skip
    failed = replace(posted, channel="-1001234", status=PostStatus.FAILED, error="HTTP 500")
    yield case(
        "channels.report",
        channel_screens.report(t, call, [posted, failed]),
        channel_screens.report(t, call, [failed]),
    )
    for key in ("admin.prompt.deadline", "admin.prompt.field", "admin.prompt.offsets"):
        params = {name: "x" for name in placeholders(CATALOGS[t.lang][key])}
        yield case(f"admin.prompt.{key}", admin.prompt(t, key, **params))
    yield case(
        "admin.current_value",
        *(
            admin.prompt(
                t,
                "admin.prompt.field",
                field=t(f"admin.field.{name}"),
                current=admin.current_value(t, call, name),
            )
            for name in admin.EDITABLE_FIELDS
        ),
    )
    session = AdminSession(9001, Flow.WIZARD, Step.TITLE, {})
    wizard_data = {
        "title": call.spec.title,
        "slug": "user-rights-1405",
        "description": call.spec.description,
        "organiser": call.spec.organiser,
        "deadline_at": call.deadline_at.isoformat(),
        "capacity": 1_000_000,
        "form": call.form.model_dump(mode="json"),
    }
    yield case(
        "admin_wizard.ask",
        *(
            admin_wizard.ask(t, replace(session, step=step, data=wizard_data))
            for step in Step
            if step != Step.TEXT
        ),
    )
    yield case(
        "admin_wizard.problems",
        admin_wizard.problems(t, [f"form.questions.{i}.label: too long" for i in range(40)]),
        admin_wizard.problems(t, ["x"], Refusal("admin.refused.slug_taken", {"slug": "a-1"})),
    )
    yield case(
        "admin_notices.digest",
        admin_notices.digest(t, call, 1234, counts),
    )
    yield case("admin_notices.capacity_reached", admin_notices.capacity_reached(t, call))
    for audience in ("drafts", "followers", "everyone"):
        yield case(
            f"reminders.deadline_reminder.{audience}",
            reminder_screens.deadline_reminder(t, call, audience, NOW),
        )
    yield case(
        "reminders.progress_words",
        Screen(reminder_screens.progress_words(t, 0)),
        Screen(reminder_screens.progress_words(t, 12)),
    )
    meeting = call.spec.meetings[0]
    yield replace(
        case(
            "reminders.meeting_reminder",
            *(
                reminder_screens.meeting_reminder(t, call, meeting.model_copy(update=changes))
                for changes in ({}, {"link": TEAMS_LINK}, {"link": LINK_TOO_LONG}, {"link": None})
            ),
        ),
        limit=CAPTION_LIMIT,
    )
    yield case("reminders.call_closed", reminder_screens.call_closed(t, call))
    yield case(
        "reminders.closing_summary",
        reminder_screens.closing_summary(t, call, {status.value: 100_000 for status in statuses}),
    )
    planned = [
        Reminder(
            i, 7, kind, audience, minutes, "kickoff" if kind == ReminderKind.MEETING else "",
            NOW + timedelta(days=i), status, 40 + i if status == ReminderStatus.SENT else None,
            note, NOW if status != ReminderStatus.PLANNED else None,
        )
        for i, (kind, audience, minutes, status, note) in enumerate(
            [
                (ReminderKind.DEADLINE, "drafts", 4320, ReminderStatus.SENT, "12"),
                (ReminderKind.DEADLINE, "followers", 1440, ReminderStatus.SKIPPED, "superseded"),
                (ReminderKind.DEADLINE, "everyone", 180, ReminderStatus.PLANNED, ""),
                (ReminderKind.MEETING, "registrants", 1440, ReminderStatus.PLANNED, ""),
                (ReminderKind.CLOSE, "call", 0, ReminderStatus.SENT, "closed"),
            ]
        )
    ]  # fmt: skip
    yield case(
        "reminders.schedule",
        reminder_screens.schedule(t, call, planned, {40: 100_000, 44: 3}),
        reminder_screens.schedule(t, call, [], {}),
    )
    yield case(
        "reminders.retention_warning",
        reminder_screens.retention_warning(t, call, NOW + timedelta(days=7), 365),
    )
    yield case(
        "reminders.retention_done",
        reminder_screens.retention_done(t, call, 100_000),
    )
    yield case("find.refused", *(find.refused(t, problem) for problem in QueryProblem))
    hits = [
        Found(123456789 - i, 7 if i % 3 else 8, statuses[i % len(statuses)], "FK-7K3M9Q",
              registration_of(values, statuses[0]).answers if i % 4 else {})
        for i in range(10)
    ]  # fmt: skip
    query = values["text"][:100]
    yield case(
        "find.results",
        find.results(t, SearchPage(query, hits, {7: call}, 100_000, 0)),
        find.results(t, SearchPage(query, hits, {7: call}, 100_000, 57)),
        find.results(t, SearchPage(query, hits[:3], {7: call}, 93, 9)),
        find.results(t, SearchPage(query, hits[:1], {7: call}, 1, 0)),
        find.results(t, SearchPage(query, [], {}, 0, 0)),
    )
    moved = [
        DateMove(99, 7, key, NOW + timedelta(days=2), NOW + timedelta(days=9), 9001, NOW)
        for key in (DEADLINE, "kickoff")
    ]
    yield case(
        "moves.move_question", *(moves.move_question(t, call, move, 100_000) for move in moved)
    )
    yield case("moves.move_notice", *(moves.move_notice(t, call, move) for move in moved))
    yield case("moves.move_decided", moves.move_decided(t, 100_000), moves.move_decided(t, None))
    numbers = CallStats(
        opened=100_000, agreed=90_000, submitted=80_000, accepted=70_000, withdrawn=1_000,
        waitlisted=9_000, per_day=[(NOW.date() - timedelta(days=i), 1000 + i) for i in range(40)],
        choices={"expertise": {f"area{i}": 100 * i for i in range(12)}, "role": {"person": 5}},
    )  # fmt: skip
    yield from _registrant_cases(t, values, call, open_call, user, counts)
    yield case(
        "stats.stats",
        stats_screens.stats(t, call, numbers),
        stats_screens.stats(t, open_call, numbers),
        stats_screens.stats(t, call, CallStats(0, 0, 0, 0, 0, 0)),
    )
    yield from directory_cases(t, values, call)


def directory_cases(t: Translator, values: dict[str, Any], call: Call) -> Iterator[Case]:
    """The directory's screens: a profile from the extreme form, with every choice ticked."""
    screens = directory_screens
    keys = ["full_name", "why", "expertise", "role", "mobile", "email", "age", "proposals"]
    schema = profile_schema([(DirectoryPlan(profile_keys=keys), call.form)])
    answers = registration_of(values, RegistrationStatus.SUBMITTED).answers
    profile = {key: answers[key] for key in keys}
    parts = tuple(Part(7, NOW - timedelta(days=i), withdrawn=i % 2 == 1) for i in range(30))
    entry = Entry(1234567890, profile, {}, parts, NOW - timedelta(days=400), NOW)
    warned = replace(entry, warned_at=NOW)
    counts = {pair: 100_000 for pair in chosen(profile, schema)}
    counts |= {("expertise", f"area{i}"): 100_000 + i for i in range(12)}
    filters = {"expertise": ("area1", "area2"), "role": ("person",)}
    overview = Overview(100_000, counts, filters, 99_999)
    bare = Overview(100_000, counts, {}, 100_000)
    keep = timedelta(days=730)
    organisers = [call.spec.organiser, _localized("نصر", "NASR")] * 5
    yield Case(
        "directory.home",
        [
            screens.home(t, overview, schema),
            screens.home(t, bare, schema),
            screens.home(t, Overview(0, {}, {}, 0), {}),
        ],
    )
    yield Case(
        "directory.entries_page",
        [
            screens.entries_page(t, EntriesPage([entry] * 10, 9_999, 10_000, 99_999), schema),
            screens.entries_page(t, EntriesPage([entry], 0, 1, 1), {}),
            screens.entries_page(t, EntriesPage([], 0, 1, 0), schema),
        ],
    )
    query = values["text"][:100]  # the longest query read (search.MAX_LENGTH)
    searched = EntriesPage([entry] * 10, 9_999, 10_000, 99_999, query, filtered=True)
    yield Case(
        "directory.entries_page.search",
        [
            screens.entries_page(t, searched, schema),
            screens.entries_page(t, replace(searched, filtered=False), schema),
            screens.entries_page(t, EntriesPage([entry], 0, 1, 1, "۰۹۱۲ ۱۲۳"), {}),
            screens.entries_page(t, EntriesPage([], 0, 1, 0, query), schema),
            screens.entries_page(t, EntriesPage([], 0, 1, 0, query, filtered=True), schema),
        ],
    )
    yield Case(
        "directory.search_refused",
        [screens.search_refused(t, problem) for problem in QueryProblem],
    )
    yield Case(
        "directory.entry",
        [
            screens.entry(t, entry, schema, {7: call}, keep),
            screens.entry(t, warned, schema, {}, keep),
        ],
    )
    yield Case("directory.export_sent", [Screen(screens.export_sent(t, 100_000))], CAPTION_LIMIT)
    yield Case(
        "directory.invite",
        [
            screens.invite(t, call, Reach(100_000, 99_000), overview, schema),
            screens.invite(t, call, Reach(100_000, 0), bare, schema),
        ],
    )
    yield Case("directory.invitation", [screens.invitation(t, call, NOW)])
    yield Case(
        "directory.invite_preview",
        screens.invite_preview(t, call, NOW, Reach(100_000, 99_000), 999_999_999),
    )
    yield Case(
        "directory.invite_sent", [screens.invite_sent(t, 100_000), screens.invite_sent(t, 0)]
    )
    yield Case(
        "directory.organisers",
        [Screen(screens.organisers(t, organisers)), Screen(screens.organisers(t, []))],
    )
    yield Case(
        "directory.with_membership",
        [
            screens.with_membership(t, mine.my_list(t, []), organisers, NOW),
            screens.with_membership(t, mine.my_list(t, []), None, None),
        ],
    )
    yield Case("directory.leave_confirm", [screens.leave_confirm(t, organisers)])
    yield Case("directory.left", [screens.left(t)])
    yield Case("directory.retention_warning", [screens.retention_warning(t, NOW, keep.days)])
    yield Case("directory.stayed", [screens.stayed(t, NOW + keep)])


def _registrant_cases(
    t: Translator,
    values: dict[str, Any],
    call: Call,
    open_call: Call,
    user: User,
    counts: dict[RegistrationStatus, int],
) -> Iterator[Case]:
    """The registrants' list, its filters, a card in every status, a message to one person."""
    statuses = list(RegistrationStatus)
    expertise = call.form.questions[2]
    choice = ChoiceFilter(expertise, expertise.options[11])
    rows = [
        RegistrantRow(
            123_456_780 + i, status, None if status == RegistrationStatus.DRAFT else "FK-7K3M9Q",
            NOW - timedelta(days=3), None if status == RegistrationStatus.DRAFT else NOW,
            [None, values["name"], "", values["latin_name"]][i % 4],
        )
        for i, status in enumerate(statuses * 2)
    ][:10]  # fmt: skip
    listing = Listing(RegistrationStatus.WITHDRAWN, 2, 11, 9_999)
    yield Case(
        "registrant_screens.registrant_list",
        [
            registrant_screens.registrant_list(
                t, call, RegistrantPage(listing, rows, 100_000, choice)
            ),
            registrant_screens.registrant_list(t, call, RegistrantPage(Listing(), [], 0, None)),
            registrant_screens.registrant_list(
                t, open_call, RegistrantPage(Listing(page=3), rows[:5], 35, None)
            ),
        ],
    )
    status_counts = {None: 100_000, **counts}
    yield Case(
        "registrant_screens.filter_menu",
        [
            registrant_screens.filter_menu(t, call, listing, choice, status_counts),
            registrant_screens.filter_menu(t, call, Listing(), None, {None: 0}),
        ],
    )
    option_counts = {option.value: 100_000 for option in expertise.options}
    yield Case(
        "registrant_screens.option_menu",
        [
            registrant_screens.option_menu(t, call, listing, 2, expertise, option_counts),
            registrant_screens.option_menu(t, call, Listing(), 3, call.form.questions[3], {}),
        ],
    )
    moments = [(moment, NOW - timedelta(hours=i)) for i, moment in enumerate(Moment)]
    messages = [
        SentMessage(kind, status, NOW)
        for kind, status in (
            ("reminder", "sent"), ("message", "pending"), ("notice", "blocked"),
            ("closing", "failed"), ("broadcast", "unknown"),
        )
    ]  # fmt: skip
    for status in statuses:
        registration = registration_of(values, status)
        for the_call in (call, open_call):
            yield Case(
                f"registrant_card.card.{status}.{the_call.spec.moderated}",
                [
                    card_screens.card(
                        t, Card(the_call, registration, user, moments * 2, 40, messages, 12_345)
                    ),
                    card_screens.card(
                        t,
                        Card(
                            the_call,
                            replace(registration, consent_version=None, reference_code=None),
                            replace(user, username=None, first_name=None),
                            [],
                            0,
                            [],
                            0,
                        ),
                    ),
                ],
            )
        yield Case(
            f"registrant_card.decided.{status}",
            [card_screens.decided(t, call, registration)],
        )
    submitted = registration_of(values, RegistrationStatus.SUBMITTED)
    name = registrant_screens.registrant_name(t, call, submitted)
    typed = escape((values["long_text"] * 2)[:MESSAGE_ROOM])  # the longest an admin may write
    screens = card_screens
    yield Case("registrant_card.message_prompt", [screens.message_prompt(t, call, name)])
    yield Case("registrant_card.personal_message", [screens.personal_message(t, call, typed)])
    yield Case("registrant_card.message_preview", [screens.message_preview(t, name)])
    yield Case("registrant_card.message_confirm", [screens.message_confirm(t, 999_999_999)])
    yield Case("registrant_card.message_sent", [screens.message_sent(t, submitted, name)])


# The checks.


class _Parser(HTMLParser):
    """Telegram's HTML: the tags it knows, properly nested."""

    ALLOWED: ClassVar = {"b", "strong", "i", "em", "u", "s", "a", "code", "pre", "blockquote"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in self.ALLOWED, f"unknown tag <{tag}>"
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"</{tag}> does not close what is open"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def plain_of(text: str, profile: Profile) -> str:
    """What the reader sees: the text without markup."""
    rendered, parse_mode = profile.render(text)
    if parse_mode is None:
        return rendered
    parser = _Parser()
    parser.feed(rendered)
    parser.close()
    assert not parser.open, f"unclosed tags {parser.open}"
    return "".join(parser.text)


def outside_isolates(line: str) -> str:
    """The characters of a line that are not inside an isolated run; checks they balance."""
    depth = 0
    kept = []
    for char in line:
        if char in ISOLATE_OPEN:
            depth += 1
        elif char == PDI:
            assert depth > 0, f"a PDI closes nothing in {line!r}"
            depth -= 1
        elif depth == 0:
            kept.append(char)
    assert depth == 0, f"an isolate is left open in {line!r}"
    return "".join(kept)


def problems_in_persian(plain: str) -> list[str]:
    found = []
    for line in plain.split("\n"):
        try:
            outside = outside_isolates(line)
        except AssertionError as error:
            found.append(str(error))
            continue
        if digits := re.findall(r"\S*[0-9]\S*", outside):
            found.append(f"ASCII digits outside an isolate: {digits} in {line!r}")
        if links := LINKS.findall(outside):
            found.append(f"a link or address outside an isolate: {links} in {line!r}")
        commands = re.sub(r"/[a-z]+", "", outside)  # /start, /my: Telegram links them
        if words := set(re.findall(r"[A-Za-z]{2,}", commands)) - LATIN_WORDS:
            found.append(f"Latin words outside an isolate: {sorted(words)} in {line!r}")
        if identifiers := INTERNAL.findall(LINKS.sub("", line)):
            found.append(f"internal names {identifiers} in {line!r}")
        if doubled := DOUBLED.findall(line):
            found.append(f"doubled punctuation {doubled} in {line!r}")
        if "·" in line:
            found.append(f"a middle dot (reads as a Persian zero) in {line!r}")
    return found


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def check(case: Case, lang: str, profile: Profile) -> list[str]:
    found = []
    for screen in case.screens:
        # What each recipient's copy fills in (outgoing.message_for): the longest it gets.
        screen = replace(screen, text=re.sub(r"⟦\w+⟧", "۱۲ سؤال مانده", screen.text))
        try:
            plain = plain_of(screen.text, profile)
        except AssertionError as error:
            found.append(f"markup does not parse: {error}")
            continue
        # The API counts the text after its markup is parsed (Bale's markup stays in it).
        counted = plain if profile.html else profile.render(screen.text)[0]
        if utf16_length(counted) > case.limit:
            found.append(f"{utf16_length(counted)} characters, over {case.limit}")
        if lang == "fa":
            found += problems_in_persian(plain)
        keyboard = screen.keyboard
        for row in keyboard.get("inline_keyboard", []) if isinstance(keyboard, dict) else []:
            for key in row:
                data = key.get("callback_data", "")
                if len(data.encode()) > CALLBACK_LIMIT:
                    found.append(f"button data of {len(data.encode())} bytes: {data!r}")
    return found


VALUES = {"realistic": REALISTIC, "extreme": EXTREME}


@pytest.mark.parametrize("profile", [TELEGRAM, BALE], ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["fa", "en"])
@pytest.mark.parametrize("values", VALUES, ids=str)
def test_every_screen_reads_right_and_fits(values: str, lang: str, profile: Profile) -> None:
    t = Translator(lang, TEHRAN)
    report = {}
    for case in cases(t, VALUES[values], profile):
        if found := check(case, lang, profile):
            report[case.name] = found[:3]
    assert report == {}


@pytest.mark.parametrize("profile", [TELEGRAM, BALE, SOROUSH], ids=lambda p: p.name)
@pytest.mark.parametrize("values", VALUES, ids=str)
def test_every_catalog_text_reads_right(values: str, profile: Profile) -> None:
    """Every Persian text with its placeholders filled the way the code fills them."""
    t = Translator("fa", TEHRAN)
    fills: dict[str, Callable[[], object]] = {
        "title": lambda: t.title(VALUES[values]["title"]),
        "name": lambda: VALUES[values]["latin_name"],
        "phone": lambda: VALUES[values]["phone"],
        "email": lambda: VALUES[values]["email"],
        "code": lambda: "FK-7K3M9Q",
        "link": lambda: "https://t.me/farakhan_bot?start=user-rights-1405",
        "slug": lambda: "user-rights-1405",
        "bot": lambda: "@farakhan_bot",
        "command": lambda: "/start user-rights-1405",
        "deadline": lambda: t.date(NOW),
        "date": lambda: t.date(NOW),
        "opens": lambda: t.date(NOW),
        "when": lambda: t.date(NOW),
        "at": lambda: t.date(NOW),
        "left": lambda: t.duration(timedelta(days=3, hours=4)),
        "version": lambda: "3f2a9c1d0b7e",
        "format": lambda: "CSV",
    }
    report = {}
    for key, template in CATALOGS["fa"].items():
        params = {}
        for name in placeholders(template):
            params[name] = fills[name]() if name in fills else 100_000
        try:
            text = t(key, **params)
        except (KeyError, ValueError, IndexError) as error:
            report[key] = [f"cannot fill: {error!r}"]
            continue
        if found := check(Case(key, [Screen(text)]), "fa", profile):
            report[key] = found[:3]
    assert report == {}


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_on_soroush_the_way_in_is_the_start_command_and_the_phone_is_typed(lang: str) -> None:
    """Soroush Plus renders Telegram's HTML: only the screens its profile changes are checked
    again (a link into the bot and a contact button are unconfirmed there)."""
    t = Translator(lang, TEHRAN)
    way_in = SOROUSH.entry("farakhan_bot", "user-rights-1405")
    call = call_of(EXTREME)
    counts = dict.fromkeys(RegistrationStatus, 100_000)
    panel = admin.call_panel(t, call, counts, way_in, can_announce=True, pending_review=12)
    card = admin.announcement(t, call, NOW, way_in)
    phone = next(q for q in call.form.questions if q.type == QuestionType.PHONE)
    draft = registration_of(EXTREME, RegistrationStatus.DRAFT)
    asked = form.question(t, call, draft, phone, None, contact_button=False)
    for case in (Case("panel", [panel]), Case("card", [card]), Case("phone", asked)):
        assert check(case, lang, SOROUSH) == [], case.name
    for screen in (panel, card):
        assert "@farakhan_bot" in screen.text and "/start user-rights-1405" in screen.text
        assert "https://" not in screen.text
    assert card.keyboard is None  # no button with a link that may not open the bot
    assert not [screen for screen in asked if isinstance(screen.keyboard, ReplyKeyboardMarkup)]
    assert t("hint.phone_typed") in asked[-1].text


def test_every_screen_is_rendered_here() -> None:
    """A new screen function fails this until it has a case above."""
    names = {case.name.split(".")[1] for case in cases(Translator("fa", TEHRAN), REALISTIC)}
    helpers = {"button", "link_button", "rows", "inline_rows", "token", "display_answer"}
    helpers |= {"way_in"}  # the panel's and the wizard's link, or the /start to send
    helpers |= {"summary", "offsets_in_words", "long_text", "room_for", "lines_within"}
    helpers |= {"person_name", "registrant_name", "status_text"}
    # Every module of bot/ui/screens, found rather than listed: a new one is checked too.
    modules = [screens_package] + [
        importlib.import_module(f"{screens_package.__name__}.{found.name}")
        for found in pkgutil.iter_modules(screens_package.__path__)
    ]
    missing = []
    for module in modules:
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or name.startswith("_"):
                continue
            if name not in names and name not in helpers:
                missing.append(f"{module.__name__}.{name}")
    assert missing == []


def test_the_checks_catch_what_they_should() -> None:
    """The property's own checks, on texts that break each rule."""
    assert problems_in_persian("مهلت: 2027-01-10T18:00")
    assert not problems_in_persian("مهلت: \u20662027-01-10T18:00\u2069")
    assert problems_in_persian("\u2068باز")  # left open
    assert problems_in_persian("پیام همگانی — registrants:1:active")
    assert problems_in_persian("پیش از مهلت: \u20663d\u2069")  # an identifier, even isolated
    assert problems_in_persian("چرا؟: پاسخ")
    assert problems_in_persian("#۱ · ۱۰ آذر")
    assert not problems_in_persian("#۱ — ۱۰ آذر ۱۴۰۵، ساعت ۱۸:۰۰")
    assert html.unescape("&amp;") == "&"


def test_a_rejected_registration_offers_nothing_left_to_do() -> None:
    """Rejected is decided: no "edit until", no reminders, no edit or withdraw buttons."""
    t = Translator("en", TEHRAN)
    rejected = registration_of(REALISTIC, RegistrationStatus.REJECTED)
    screen = mine.registration_view(t, call_of(REALISTIC), rejected, NOW, None, True)
    assert t("view.rejected") in screen.text
    assert t("view.editable", deadline=t.date(NOW + timedelta(days=5, hours=3))) not in screen.text
    assert t("view.reminders_on") not in screen.text
    labels = [b["text"] for row in screen.keyboard["inline_keyboard"] for b in row]
    assert labels == [t("button.my")]


@pytest.mark.parametrize("lang", ["fa", "en"])
def test_a_meeting_reminder_fits_its_caption_with_its_link_whole(lang: str) -> None:
    """The reminder is the caption of the meeting's .ics: the titles give way to the link,
    and a link no caption can hold is left to the attached file, never cut."""
    t = Translator(lang, TEHRAN)
    call = call_of(EXTREME)
    meeting = call.spec.meetings[0]
    fits = reminder_screens.meeting_reminder(
        t, call, meeting.model_copy(update={"link": TEAMS_LINK})
    )
    assert utf16_length(plain_of(fits.text, TELEGRAM)) <= CAPTION_LIMIT
    assert TEAMS_LINK in fits.text
    too_long = meeting.model_copy(update={"link": LINK_TOO_LONG})
    left_out = reminder_screens.meeting_reminder(t, call, too_long)
    assert utf16_length(plain_of(left_out.text, TELEGRAM)) <= CAPTION_LIMIT
    assert LINK_TOO_LONG not in left_out.text and "x" * 100 not in left_out.text
    assert t("reminder.meeting_link_in_file") in left_out.text
