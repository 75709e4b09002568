"""A call not yet published is invisible to volunteers by every path; an archived call takes
no new followers or registrations. Forged buttons store nothing and say "not valid"."""

from __future__ import annotations

from bot.domain.calls import CallStatus
from bot.ui.texts import Translator
from tests.chat import BotUnderTest, register, visible
from tests.conftest import ADMIN_ID
from tests.factories import TEHRAN, sample_call, small_call

FA = Translator("fa", TEHRAN)
DRAFT_SLUG = "secret-draft"
DRAFT_TITLE = "پیش‌نویس محرمانه"
MISSING = 999  # no call has this id


async def _save_draft(bot: BotUnderTest, clock):
    spec = small_call(
        DRAFT_SLUG,
        status=CallStatus.DRAFT,
        title={"fa": DRAFT_TITLE, "en": "A secret draft"},
    )
    saved, _ = await bot.storage.calls.save(spec, clock.now())
    return saved


async def _rows(bot: BotUnderTest, table: str, call_id: int) -> int:
    return await bot.storage.db.fetch_value(
        f"SELECT COUNT(*) FROM {table} WHERE call_id = ?", (call_id,)
    )


async def _nothing_stored(bot: BotUnderTest, call_id: int) -> None:
    for table in ("followers", "registrations", "call_events", "reminder_optouts"):
        assert await _rows(bot, table, call_id) == 0, table


async def test_a_draft_s_link_reads_like_a_call_that_does_not_exist(
    bot: BotUnderTest, call, clock
) -> None:
    draft = await _save_draft(bot, clock)
    sara = bot.volunteer(1001)

    await sara.sends("/start no-such-call")
    unknown = sara.reply_text
    await sara.sends(f"/start {DRAFT_SLUG}")
    assert sara.reply_text == unknown
    assert FA("start.unknown_call") in sara.reply_text
    assert DRAFT_TITLE not in sara.reply_text
    assert all(DRAFT_TITLE not in label for label in sara.buttons())  # not in the list either

    await sara.sends("/start")
    assert DRAFT_TITLE not in sara.reply_text
    assert all(DRAFT_TITLE not in label for label in sara.buttons())
    await _nothing_stored(bot, draft.id)


async def test_forged_buttons_naming_a_draft_are_refused_like_an_unknown_call(
    bot: BotUnderTest, call, clock
) -> None:
    draft = await _save_draft(bot, clock)
    sara = bot.volunteer(1001)
    await sara.sends("/start")
    forged = ("call", "join", "agree", "decline", "fol", "unf")
    for action in forged:
        await sara.presses_data(f"{action}:{MISSING}")
        unknown = (sara.alert, sara.replies)
        await sara.presses_data(f"{action}:{draft.id}")
        assert (sara.alert, sara.replies) == unknown, action
        assert sara.alert == FA("button.invalid"), action
        assert sara.replies == [], action
    for switch in ("roff", "ron"):
        for shown_in_my in (0, 1):
            await sara.presses_data(f"{switch}:{draft.id}:{shown_in_my}")
            assert sara.alert == FA("button.invalid"), switch
            assert sara.replies == [], switch
    await _nothing_stored(bot, draft.id)


async def test_an_archived_call_takes_no_new_followers_or_registrations(
    bot: BotUnderTest, clock
) -> None:
    archived, _ = await bot.storage.calls.save(
        sample_call(status=CallStatus.ARCHIVED), clock.now()
    )
    sara = bot.volunteer(1001)
    await sara.sends(f"/start {archived.slug}")  # still visible: its card, closed
    assert FA("call.closed") in sara.last_text
    assert FA("button.follow") not in sara.buttons()

    await sara.presses_data(f"fol:{archived.id}")  # a forged (or stale) "remind me"
    assert sara.alert == FA("button.invalid")
    assert await _rows(bot, "followers", archived.id) == 0

    for action in ("join", "agree"):
        await sara.presses_data(f"{action}:{archived.id}")
        closed = visible(FA("closed.status", title=archived.spec.title["fa"]))
        assert closed in sara.reply_text
    assert await _rows(bot, "registrations", archived.id) == 0


async def test_registrations_in_a_call_turned_back_into_a_draft_are_out_of_sight(
    bot: BotUnderTest, call, clock
) -> None:
    sara = bot.volunteer(1001)
    await register(sara, call.slug)
    registration = await bot.storage.registrations.for_user_and_call(1001, call.id)
    await bot.storage.calls.update(call.id, call.spec, clock.now(), CallStatus.DRAFT)

    await sara.sends("/my")
    assert call.spec.title["fa"] not in sara.reply_text
    for data in (f"view:{registration.id}", f"wd:{registration.id}", f"edit:{registration.id}"):
        await sara.presses_data(data)
        assert sara.alert == FA("button.invalid"), data
        assert sara.replies == [], data
    assert (await bot.storage.registrations.get(registration.id)).status == "submitted"


async def test_an_admin_still_reaches_a_draft_through_admin_and_its_link(
    admin_bot: BotUnderTest, clock
) -> None:
    draft = await _save_draft(admin_bot, clock)
    admin = admin_bot.volunteer(ADMIN_ID, "مدیر")
    await admin.sends("/admin")
    await admin.presses(DRAFT_TITLE)
    assert f"start={DRAFT_SLUG}" in admin.last_text

    await admin.sends(f"/start {DRAFT_SLUG}")  # the panel's link previews the card
    assert DRAFT_TITLE in admin.last_text
    await admin.presses_data(f"fol:{draft.id}")  # but a draft takes no followers
    assert admin.alert == FA("button.invalid")
    assert await _rows(admin_bot, "followers", draft.id) == 0

    mallory = admin_bot.volunteer(6666, "Mallory")
    await mallory.sends(f"/start {DRAFT_SLUG}")
    assert FA("start.unknown_call") in mallory.last_text
