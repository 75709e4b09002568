"""A call's registrants in chat: the list with its filters and pages, a registration's card,
accepting from it, writing to one person; and none of it for anyone but an admin."""

import html
import re
from datetime import timedelta

from bot.domain.models import RegistrationStatus
from bot.domain.registrants import MESSAGE_ROOM
from bot.ui.texts import Translator
from tests.chat import BotUnderTest, Volunteer, register, visible
from tests.conftest import ADMIN_ID
from tests.factories import TEHRAN, sample_call, small_call

SLUG = "user-rights-working-group"
t = Translator("fa", TEHRAN)  # what the admin reads


def said(key: str, **params: object) -> str:
    """A catalog text as the reader sees it (its markup rendered)."""
    return html.unescape(re.sub(r"<[^>]+>", "", visible(t(key, **params))))


async def registrants_of(bot: BotUnderTest, call_id: int, clock) -> None:
    """25 people who sent the form (one every minute, person 0 first), and 1 unfinished.

    Every third one (0, 3, …, 24) chose privacy; 3 and 7 withdrew; 10 waits for a seat."""
    storage = bot.storage
    start = clock.now()
    for n in range(26):
        user = 2000 + n
        moment = start + timedelta(minutes=n)
        await storage.users.seen(
            user, first_name=None, last_name=None, username=None, default_language="fa", now=moment
        )
        draft = await storage.registrations.start_draft(call_id, user, "full_name", moment)
        await storage.registrations.save_answer(draft.id, "full_name", f"Person {n:02d}", moment)
        expertise = ["law", "privacy"] if n % 3 == 0 else ["law"]
        await storage.registrations.save_answer(draft.id, "expertise", expertise, moment)
        if n == 25:
            continue  # still unfinished
        status = RegistrationStatus.WAITLISTED if n == 10 else RegistrationStatus.SUBMITTED
        await storage.registrations.set_status(
            draft.id, status, moment, reference_code=f"FK-T{n:05d}"
        )
    for n in (3, 7):
        registration = await storage.registrations.for_user_and_call(2000 + n, call_id)
        await storage.registrations.set_status(
            registration.id, RegistrationStatus.WITHDRAWN, start + timedelta(hours=1)
        )


def listed(admin: Volunteer) -> list[str]:
    """The names on the list, in order (one button each)."""
    return [label.split(". ", 1)[1] for label in admin.buttons() if label[0] in "۰۱۲۳۴۵۶۷۸۹"]


async def open_list(admin: Volunteer) -> None:
    await admin.sends("/admin")
    await admin.presses("کارگروه ویژهٔ صیانت")
    await admin.presses(said("registrants.button.open"))


async def test_the_list_pages_newest_first_and_filters_by_status_and_answer_with_counts(
    admin_bot: BotUnderTest, admin_call, clock
) -> None:
    await registrants_of(admin_bot, admin_call.id, clock)
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await open_list(admin)
    assert said("registrants.count", count=25, page=1, pages=3) in admin.last_text
    assert listed(admin) == [f"Person {n:02d}" for n in range(24, 14, -1)]
    submitted = t("registrants.status.submitted")
    newest = clock.now() + timedelta(minutes=24)
    line = said("registrants.line", number=1, name="Person 24", status=submitted, date=newest)
    assert line in admin.last_text
    await admin.presses(said("registrants.button.next"))
    assert said("registrants.count", count=25, page=2, pages=3) in admin.last_text
    assert listed(admin) == [f"Person {n:02d}" for n in range(14, 4, -1)]
    assert said("registrants.status.waitlisted") in admin.last_text  # person 10
    await admin.presses(said("registrants.button.next"))
    assert said("registrants.count", count=25, page=3, pages=3) in admin.last_text
    assert listed(admin) == [f"Person {n:02d}" for n in range(4, -1, -1)]
    assert said("registrants.button.next") not in admin.buttons()
    await admin.presses(said("registrants.button.previous"))
    assert said("registrants.count", count=25, page=2, pages=3) in admin.last_text

    # By status: those who withdrew.
    await admin.presses(said("registrants.button.filter"))
    withdrawn = said(
        "registrants.filter.status", status=t("registrants.status.withdrawn"), count=2
    )
    unfinished = said("registrants.filter.status", status=t("registrants.status.draft"), count=1)
    assert withdrawn in admin.buttons() and unfinished in admin.buttons()
    await admin.presses(withdrawn)
    assert said("registrants.count", count=2, page=1, pages=1) in admin.last_text
    assert listed(admin) == ["Person 07", "Person 03"]

    # …and by an answer: privacy, among those who withdrew, then among everyone.
    await admin.presses(said("registrants.button.filter"))
    await admin.presses("حوزهٔ تخصص شما")
    assert "حریم خصوصی و امنیت (۱)" in admin.buttons()  # of the two who withdrew, person 3
    await admin.presses("حریم خصوصی و امنیت")
    assert said("registrants.count", count=1, page=1, pages=1) in admin.last_text
    assert listed(admin) == ["Person 03"]
    await admin.presses(said("registrants.button.filter"))
    await admin.presses(said("registrants.status.all"))
    assert said("registrants.count", count=9, page=1, pages=1) in admin.last_text
    assert listed(admin) == [f"Person {n:02d}" for n in range(24, -1, -3)]
    showing = admin.last_text.split("\n")[1]
    assert "حریم خصوصی و امنیت" in showing and said("registrants.status.all") in showing

    # The unfinished one is listed under its own filter only, with when it was started.
    await admin.presses(said("registrants.button.clear"))
    assert said("registrants.count", count=25, page=1, pages=3) in admin.last_text
    await admin.presses(said("registrants.button.filter"))
    await admin.presses(unfinished)
    assert listed(admin) == ["Person 25"]
    assert said("registrants.status.draft") in admin.last_text and "آغاز" in admin.last_text


async def card_of(admin: Volunteer, name: str) -> None:
    await open_list(admin)
    await admin.presses(name)


async def test_the_card_shows_answers_status_history_consent_and_code_and_is_audited(
    admin_bot: BotUnderTest, admin_call, clock
) -> None:
    sara = admin_bot.volunteer(1001)
    started = clock.now()
    await register(sara, SLUG)
    registration = await admin_bot.storage.registrations.for_user_and_call(1001, admin_call.id)
    code = registration.reference_code

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await card_of(admin, "سارا احمدی")
    card = admin.last_text
    assert said("registrants.card.title", title=t.title(admin_call.spec.title)) in card
    assert said("registrants.card.status", status=t("registrants.status.submitted")) in card
    assert said("registrants.card.code", code=code) in card
    consent = said("registrants.card.consent", version=registration.consent_version, at=started)
    assert consent in card
    for moment in ("started", "submitted"):
        line = said(
            "registrants.history.item", at=started, moment=t(f"registrants.moment.{moment}")
        )
        assert line in card
    for label, answer in (("نشانی ایمیل", "sara@example.com"), ("شمارهٔ تلفن همراه", "+98912")):
        assert label in card and answer in card
    assert said("registrants.card.no_messages") in card
    assert admin.buttons() == [
        said("registrants.button.message"),
        said("registrants.button.list"),
    ]  # not moderated: nothing to accept; every answer fits: nothing to show whole

    [event] = await admin_bot.storage.audit.latest()
    # Who looked at whom: the reference code, never the answers.
    assert (event.admin_id, event.action, event.call_id, event.detail) == (
        ADMIN_ID,
        "card",
        admin_call.id,
        code,
    )


async def test_long_answers_are_shortened_with_a_button_that_sends_them_whole(
    admin_bot: BotUnderTest, clock
) -> None:
    long_texts = [
        {
            "key": f"essay{i}",
            "type": "long_text",
            "label": {"fa": f"جستار {i}"},
            "max_length": 2000,
        }
        for i in (1, 2, 3)
    ]
    spec = small_call(form={"questions": [{"key": "full_name", "type": "text",
                                           "label": {"fa": "نام"}}, *long_texts]})  # fmt: skip
    call, _ = await admin_bot.storage.calls.save(spec, clock.now())
    storage = admin_bot.storage
    now = clock.now()
    await storage.users.seen(
        1001, first_name=None, last_name=None, username=None, default_language="fa", now=now
    )
    draft = await storage.registrations.start_draft(call.id, 1001, "full_name", clock.now())
    await storage.registrations.save_answer(draft.id, "full_name", "سارا", clock.now())
    essays = {f"essay{i}": f"بند {i}: " + "ا" * 1990 + f" پایان {i}" for i in (1, 2, 3)}
    for key, text in essays.items():
        await storage.registrations.save_answer(draft.id, key, text, clock.now())
    await storage.registrations.set_status(
        draft.id, RegistrationStatus.SUBMITTED, clock.now(), reference_code="FK-LONG00"
    )

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses("فراخوان کوچک")
    await admin.presses(said("registrants.button.open"))
    await admin.presses("سارا")
    assert "پایان ۳" not in admin.last_text and "پایان 3" not in admin.last_text
    await admin.presses(said("registrants.button.all_answers"))
    whole = admin.reply_text
    assert all(text in whole for text in essays.values())
    actions = [(e.action, e.detail) for e in await storage.audit.latest()]
    assert actions == [("card_answers", "FK-LONG00"), ("card", "FK-LONG00")]


async def test_accepting_from_the_card_of_a_moderated_call(admin_bot: BotUnderTest, clock) -> None:
    call, _ = await admin_bot.storage.calls.save(sample_call(moderated=True), clock.now())
    sara = admin_bot.volunteer(1001)
    await register(sara, SLUG)
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await card_of(admin, "سارا احمدی")
    assert admin.buttons()[:2] == [said("admin.button.accept"), said("admin.button.reject")]
    await admin.presses(said("admin.button.accept"))

    registration = await admin_bot.storage.registrations.for_user_and_call(1001, call.id)
    assert registration.status == RegistrationStatus.ACCEPTED
    assert "پذیرفته شد" in admin.last_text
    await admin_bot.drain_outbox()
    told = visible((await admin_bot.client.messages(1001)).from_bot()[-1].text)
    assert told.startswith("✅") and registration.reference_code in told
    assert [e.action for e in await admin_bot.storage.audit.latest()] == ["accepted", "card"]

    # The card again: accepted, in its history, and nothing left to decide.
    await admin.presses(said("registrants.button.card"))
    card = admin.last_text
    assert said("registrants.card.status", status=t("registrants.status.accepted")) in card
    assert t("registrants.moment.accepted") in card
    assert said("admin.button.accept") not in admin.buttons()


async def test_writing_to_one_person_previews_then_sends_exactly_one_message(
    admin_bot: BotUnderTest, admin_call
) -> None:
    sara = admin_bot.volunteer(1001)
    await register(sara, SLUG)
    await admin_bot.drain_outbox()
    before = len((await admin_bot.client.messages(1001)).from_bot())
    registration = await admin_bot.storage.registrations.for_user_and_call(1001, admin_call.id)

    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await card_of(admin, "سارا احمدی")
    await admin.presses(said("registrants.button.message"))
    assert "سارا احمدی" in admin.last_text and said("admin.button.cancel") in admin.buttons()

    # Too long: said so, and still writing.
    await admin.sends("ب" * (MESSAGE_ROOM + 1))
    assert said("registrants.message.too_long", length=MESSAGE_ROOM + 1, max=MESSAGE_ROOM) in (
        admin.last_text
    )
    await admin.sends("سلام سارا، جلسهٔ نخست <b>شنبه</b> است.")
    intro, preview, confirm = admin.replies
    assert visible(intro.text) == said("registrants.message.preview", name="سارا احمدی")
    assert "سلام سارا، جلسهٔ نخست <b>شنبه</b> است." in visible(preview.text)
    assert visible(confirm.text) == said("registrants.message.confirm")
    await admin.presses(said("registrants.button.send"))
    assert said("registrants.message.sent", name="سارا احمدی") in admin.last_text

    await admin_bot.drain_outbox()
    received = (await admin_bot.client.messages(1001)).from_bot()[before:]
    assert [m.text for m in received] == [preview.text]  # exactly as previewed, once
    assert await admin_bot.storage.admin_sessions.get(ADMIN_ID) is None

    # A second press of Send (a replay) sends nothing more.
    await admin.presses_data(confirm.inline_buttons[0]["callback_data"], confirm.message_id)
    assert admin.alert == said("button.stale")
    await admin_bot.drain_outbox()
    assert len((await admin_bot.client.messages(1001)).from_bot()) == before + 1

    code = registration.reference_code
    assert [(e.action, e.detail) for e in await admin_bot.storage.audit.latest()] == [
        ("message", code),
        ("card", code),
    ]
    # The card lists the message among those the bot sent.
    await admin.presses(said("registrants.button.card"))
    assert said("registrants.card.messages", count=1) in admin.last_text
    assert t("mydata.kind.message") in admin.last_text


async def test_nobody_but_an_admin_gets_any_of_it_whatever_they_press(
    admin_bot: BotUnderTest, admin_call
) -> None:
    sara = admin_bot.volunteer(1001)
    await register(sara, SLUG)
    registration = await admin_bot.storage.registrations.for_user_and_call(1001, admin_call.id)
    call, reg = admin_call.id, registration.id

    mallory = admin_bot.volunteer(6666, "Mallory")
    await mallory.sends("/start")
    for forged in (f"rg:{call}:a", f"rg:{call}:xq4o1p2", f"rf:{call}:a:0", f"rf:{call}:a:5",
                   f"rc:{reg}", f"rx:{reg}", f"rm:{reg}", "rs:123456"):  # fmt: skip
        await mallory.presses_data(forged)
        assert mallory.alert == said("admin.only"), forged
        assert mallory.replies == [], forged
    assert await admin_bot.storage.admin_sessions.get(6666) is None
    assert await admin_bot.storage.audit.latest() == []
    assert await admin_bot.storage.outbox.recent(10, ("message",)) == []

    # An admin's forged or stale data is refused as such, and opens nothing.
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await open_list(admin)
    for forged in (f"rg:{call}:zz", f"rg:{call}:aq0o0", f"rf:{call}:a:1", f"rf:{call}:aq4o9:0",
                   "rc:999999", "rx:999999", "rm:999999", "rg:999999:a"):  # fmt: skip
        await admin.presses_data(forged)
        assert admin.alert == said("button.invalid"), forged
        assert admin.replies == [], forged
    assert await admin_bot.storage.audit.latest() == []
