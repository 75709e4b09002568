"""/start, the list of calls, a call's card, and consent."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, filters

from bot.domain.calls import Call
from bot.domain.steps import Closed
from bot.ui.callbacks import Action, Callback
from bot.ui.consent import consent_texts, consent_version
from bot.ui.screens import Screen
from bot.ui.screens import calls as screens
from bot.ui.texts import Markup
from handlers.common import notify, replace, reply, settle, show_registration, show_step
from handlers.context import FarakhanContext
from handlers.routing import button_handler


async def start(update: Update, context: FarakhanContext) -> None:
    """Opens the call named in the deep link, or greets and lists the open calls."""
    services = context.services
    t = context.t
    payload = (context.args or [""])[0].strip().lower()
    if payload:
        assert context.volunteer is not None
        call = await services.calls.by_slug(payload, context.volunteer.id)
        if call is not None:
            await reply(update, context, await _card(context, call))
            return
        lead = t("start.unknown_call")
    else:
        user = update.effective_user
        name = (user.first_name if user else "") or t("start.someone")
        lead = t("start.welcome", name=name)
    calls = await services.calls.listed()
    await reply(update, context, screens.call_list(t, calls, lead))


async def _card(context: FarakhanContext, call: Call) -> Screen:
    """The call's card for this volunteer (and the funnel notes they opened it)."""
    services = context.services
    assert context.volunteer is not None
    visit = await services.calls.opened(call, context.volunteer.id)
    now = services.clock.now()
    return screens.call_card(
        context.t, call, visit.registration, now, visit.following, full=visit.full
    )


async def follow(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Remind me (or stop): the card shows the new choice, with a short confirmation."""
    call = await _call_or_refuse(update, context, callback.id)
    if call is None:
        return
    assert context.volunteer is not None
    calls = context.services.calls
    if callback.action == Action.FOLLOW:
        if not await calls.follow(call, context.volunteer.id):  # closed, archived, a draft
            await notify(update, context, context.t("button.invalid"), alert=True)
            return
        await notify(update, context, context.t("follow.on"))
    else:
        await calls.unfollow(call, context.volunteer.id)
        await notify(update, context, context.t("follow.off"))
    await replace(update, context, await _card(context, call))


async def _call_or_refuse(update: Update, context: FarakhanContext, call_id: int) -> Call | None:
    """The call a button names, if the presser may see it; else "not valid", as for none."""
    assert context.volunteer is not None
    call = await context.services.calls.get(call_id, context.volunteer.id)
    if call is None:
        await notify(update, context, context.t("button.invalid"), alert=True)
    return call


async def show_call(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Replaces the list with the chosen call's card."""
    if call := await _call_or_refuse(update, context, callback.id):
        await replace(update, context, await _card(context, call))


async def call_text(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """A call's whole description, below its card, when the card had to shorten it."""
    if call := await _call_or_refuse(update, context, callback.id):
        await notify(update, context)
        await reply(update, context, *screens.full_description(context.t, call))


async def show_calls(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Shows the list of open calls in place of the pressed message."""
    services = context.services
    calls = await services.calls.listed()
    await replace(update, context, screens.call_list(context.t, calls, Markup("")))


async def join(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Register pressed: consent first, unless the volunteer already has a registration."""
    call = await _call_or_refuse(update, context, callback.id)
    if call is None or not await _may_start(update, context, call):
        return
    texts, version = _consent(context, call)
    await reply(update, context, *screens.consent(context.t, call, texts[context.t.lang], version))


def _consent(context: FarakhanContext, call: Call) -> tuple[dict[str, str], str]:
    settings = context.services.settings
    texts = consent_texts(call, settings.retention_days, settings.tz)
    return texts, consent_version(texts)


async def agree(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Consent given: a draft is created and the first question asked."""
    call = await _call_or_refuse(update, context, callback.id)
    if call is None or not await _may_start(update, context, call):
        return
    assert context.volunteer is not None
    await settle(update, context)
    services = context.services
    texts, version = _consent(context, call)
    await services.privacy.record_consent(version, texts)
    step = await services.journey.begin(context.volunteer, call, version)
    await show_step(update, context, call, step)


async def decline(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Consent refused: nothing is stored, and the volunteer is told so."""
    call = await _call_or_refuse(update, context, callback.id)
    if call is None:
        return
    t = context.t
    await settle(update, context)
    await reply(update, context, Screen(t("consent.declined", deadline=t.date(call.deadline_at))))


async def _may_start(update: Update, context: FarakhanContext, call: Call) -> bool:
    """False (having shown why, or the existing registration) when a new draft can't begin."""
    services = context.services
    assert context.volunteer is not None
    existing = await services.journey.may_start(context.volunteer, call)
    if existing is None:
        return True
    if isinstance(existing, Closed):
        now = services.clock.now()
        await reply(update, context, screens.closed(context.t, call, existing.window, now))
        return False
    if existing.is_draft:
        await settle(update, context)
        await show_step(update, context, call, await services.journey.resume(existing, call))
    else:
        await show_registration(update, context, call, existing, edit=False)
    return False


def register(app: Application) -> None:
    app.add_handler(CommandHandler("start", start, filters.ChatType.PRIVATE))
    app.add_handler(button_handler({
        Action.CALL: show_call, Action.CALLS: show_calls, Action.CALL_TEXT: call_text,
        Action.JOIN: join,
        Action.AGREE: agree, Action.DECLINE: decline, Action.FOLLOW: follow,
        Action.UNFOLLOW: follow,
    }))  # fmt: skip
