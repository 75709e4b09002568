"""Answering the form: typed answers, shared contacts, and the form's buttons."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.domain.calls import Call
from bot.domain.forms import AnswerError, QuestionType
from bot.domain.models import REVIEW_STEP, Registration
from bot.domain.steps import Ask, Closed, Review, Saved, Stale, Step, Submitted
from bot.sending.notices import after_submission
from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen
from bot.ui.screens import form as screens
from bot.ui.screens import mine as mine_screens
from handlers.common import asked, notify, own_registration, replace, reply, settle, show_step
from handlers.context import FarakhanContext
from handlers.routing import button_handler


async def active_registration(context: FarakhanContext) -> tuple[Registration, Call] | None:
    """The registration the volunteer's typed messages currently answer, with its call."""
    volunteer = context.volunteer
    if volunteer is None or volunteer.active_registration_id is None:
        return None
    owned = await context.services.registrations.own(
        volunteer.active_registration_id, volunteer.id
    )
    if owned is None or owned[0].step is None:
        return None
    return owned


async def typed_answer(update: Update, context: FarakhanContext) -> None:
    """Stores a typed answer and asks the next question, or says what was wrong."""
    assert update.message is not None and update.message.text is not None
    await _answer(update, context, update.message.text)


async def shared_contact(update: Update, context: FarakhanContext) -> None:
    """A shared contact answers a phone question, if it is the sender's own."""
    message = update.message
    assert message is not None and message.contact is not None
    active = await active_registration(context)
    if active is None:
        await reply(update, context, Screen(context.t("not_understood")))
        return
    registration, call = active
    question = call.form.question(registration.step or "")
    if question is None or question.type != QuestionType.PHONE:
        await _answer(update, context, None)
        return
    sender = update.effective_user
    if sender is None or message.contact.user_id != sender.id:
        step: Step = Ask(registration, question, AnswerError("answer.contact_not_own"))
        await show_step(update, context, call, step)
        return
    await _answer(update, context, message.contact.phone_number)


async def _answer(update: Update, context: FarakhanContext, text: str | None) -> None:
    t = context.t
    active = await active_registration(context)
    if active is None:
        await reply(update, context, Screen(t("not_understood")))
        return
    registration, call = active
    if registration.step == REVIEW_STEP:
        await reply(
            update, context, Screen(t("review.use_buttons")), screens.review(t, call, registration)
        )
        return
    question = call.form.question(registration.step or "")
    if question is None:
        await reply(update, context, Screen(t("not_understood")))
        return
    if text is None:  # not text at all: a sticker, a photo…
        step: Step = Ask(registration, question, AnswerError("answer.text_only"))
    else:
        step = await context.services.journey.answer_text(registration, call, text)
    accepted = isinstance(step, Ask | Review | Saved) and not (
        isinstance(step, Ask) and step.error
    )
    if question.type == QuestionType.PHONE and accepted:
        assert isinstance(step, Ask | Review | Saved)
        phone = step.registration.answers.get(question.key, "")  # as stored: normalised
        await reply(update, context, Screen(t("phone.saved", phone=phone), ReplyKeyboardRemove()))
    await show_step(update, context, call, step)


async def non_text(update: Update, context: FarakhanContext) -> None:
    """Stickers, photos, voice…: while answering, ask for text; otherwise explain."""
    await _answer(update, context, None)


async def on_toggle(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Flips one option of a multi-choice question and redraws its buttons in place."""
    if (owned := await own_registration(update, context, callback.id)) is None:
        return
    registration, call = owned
    journey = context.services.journey
    step = await journey.toggle(registration, call, callback.key, callback.index)
    if isinstance(step, Ask) and step.error:  # a tick too many: say so; the buttons stay
        await notify(update, context, context.t(step.error.key, **step.error.params))
    elif isinstance(step, Ask):
        await replace(update, context, asked(context, call, step, error=False)[0])
    else:
        await show_step(update, context, call, step)


async def on_answer_button(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """An option, Finish, Skip, Keep or Back under a question: store, then the next step."""
    if (owned := await own_registration(update, context, callback.id)) is None:
        return
    registration, call = owned
    journey = context.services.journey
    key = callback.key
    if callback.action == Action.CHOOSE:
        step = await journey.choose(registration, call, key, callback.index)
    else:
        move = {
            Action.FINISH: journey.finish_choices,
            Action.SKIP: journey.skip,
            Action.KEEP: journey.keep,
            Action.BACK: journey.back,
        }[callback.action]
        step = await move(registration, call, key)
    if isinstance(step, Ask) and step.error and step.question.key == key:
        # A selection outside the limits: say so on the spot, and show it as stored (ticks
        # made on another copy of the question may have changed it since this one was drawn).
        await notify(update, context, context.t(step.error.key, **step.error.params), alert=True)
        if callback.action == Action.FINISH:
            await replace(update, context, asked(context, call, step, error=False)[0])
        return
    question = call.form.question(key)
    if isinstance(step, Ask | Review | Saved) and question is not None:
        if callback.action == Action.BACK:
            await settle(update, context)
        else:  # the question message keeps the answer, without its buttons
            answered = step.registration  # carries the answer just stored
            await settle(update, context, screens.answered(context.t, call, answered, question))
    await show_step(update, context, call, step)


async def on_pause(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Stops answering; the draft and its step stay for later."""
    if (owned := await own_registration(update, context, callback.id)) is None:
        return
    registration, _ = owned
    await context.services.journey.leave(registration)
    await settle(update, context)
    await reply(update, context, mine_screens.paused(context.t, registration))


async def on_continue(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Back into a draft, at the question where it stopped."""
    if (owned := await own_registration(update, context, callback.id)) is None:
        return
    registration, call = owned
    await settle(update, context)
    step = await context.services.journey.resume(registration, call)
    await show_step(update, context, call, step)


async def on_discard(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Asks before a draft is deleted (Discard), or deletes it (Yes, discard)."""
    if (owned := await own_registration(update, context, callback.id)) is None:
        return
    registration, call = owned
    t = context.t
    if callback.action == Action.DISCARD:
        await replace(update, context, mine_screens.discard_confirm(t, call, registration))
        return
    done = await context.services.journey.discard(registration)
    await replace(update, context, Screen(t("discard.done" if done else "button.invalid")))


async def on_submit(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Confirm and send: the draft becomes a registration with a reference code."""
    if (owned := await own_registration(update, context, callback.id)) is None:
        return
    registration, call = owned
    services = context.services
    step = await services.journey.submit(registration, call)
    if not isinstance(step, Stale | Closed):
        await settle(update, context)
    await show_step(update, context, call, step)
    if isinstance(step, Submitted) and context.volunteer is not None:
        await after_submission(services.notices, call, step.registration, context.volunteer)


async def on_edit(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Edit: the list of answers to change (Edit), or one of them asked again."""
    if (owned := await own_registration(update, context, callback.id)) is None:
        return
    registration, call = owned
    journey = context.services.journey
    if callback.action == Action.EDIT:
        if closed := journey.closed(call):
            await show_step(update, context, call, closed)
        else:
            await replace(update, context, screens.edit_picker(context.t, call, registration))
        return
    step = await journey.edit(registration, call, callback.key)
    if not isinstance(step, Stale | Closed):
        await settle(update, context)
    await show_step(update, context, call, step)


async def on_review(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Back from the answer list to the draft's review."""
    if (owned := await own_registration(update, context, callback.id)) is None:
        return
    registration, call = owned
    if registration.is_draft and registration.step == REVIEW_STEP:
        await replace(update, context, screens.review(context.t, call, registration))
    else:
        await show_step(update, context, call, Stale(registration))


async def pause_command(update: Update, context: FarakhanContext) -> None:
    """/cancel: stops answering; the draft stays for later."""
    active = await active_registration(context)
    if active is None:
        await reply(update, context, Screen(context.t("cancel.nothing")))
        return
    registration, _ = active
    await context.services.journey.leave(registration)
    await reply(update, context, mine_screens.paused(context.t, registration))


def register(app: Application) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("cancel", pause_command, private))
    app.add_handler(
        MessageHandler(
            private & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, typed_answer
        )
    )
    app.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE & filters.CONTACT, shared_contact)
    )
    app.add_handler(button_handler({
        Action.CHOOSE: on_answer_button, Action.FINISH: on_answer_button,
        Action.SKIP: on_answer_button, Action.KEEP: on_answer_button,
        Action.BACK: on_answer_button, Action.TOGGLE: on_toggle,
        Action.PAUSE: on_pause, Action.CONTINUE: on_continue,
        Action.DISCARD: on_discard, Action.DISCARD_YES: on_discard, Action.SUBMIT: on_submit,
        Action.EDIT: on_edit, Action.EDIT_QUESTION: on_edit, Action.REVIEW: on_review,
    }))  # fmt: skip
