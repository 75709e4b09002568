"""Answering the form: typed answers, shared contacts, and the form's buttons."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.callbacks import Action, Callback
from bot.calls import Call
from bot.context import FarakhanContext
from bot.forms import AnswerError, QuestionType
from bot.journey import Ask, Review, Saved, Stale, Step
from bot.models import REVIEW_STEP, Registration
from bot.screens import Screen
from bot.screens import form as screens
from bot.screens import mine as mine_screens
from handlers.common import notify, own_registration, replace, reply, settle, show_step
from handlers.routing import button_handler


async def active_registration(context: FarakhanContext) -> tuple[Registration, Call] | None:
    """The registration the volunteer's typed messages currently answer, with its call."""
    volunteer = context.volunteer
    if volunteer is None or volunteer.active_registration_id is None:
        return None
    storage = context.services.storage
    registration = await storage.registrations.get(volunteer.active_registration_id)
    if registration is None or registration.step is None:
        return None
    call = await storage.calls.get(registration.call_id)
    return None if call is None else (registration, call)


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
        phone = (await _reload(context, registration)).answers.get(question.key, "")
        await reply(update, context, Screen(t("phone.saved", phone=phone), ReplyKeyboardRemove()))
    await show_step(update, context, call, step)


async def non_text(update: Update, context: FarakhanContext) -> None:
    """Stickers, photos, voice…: while answering, ask for text; otherwise explain."""
    await _answer(update, context, None)


async def _reload(context: FarakhanContext, registration: Registration) -> Registration:
    fresh = await context.services.storage.registrations.get(registration.id)
    return fresh or registration


async def on_form_button(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """An option, Skip, Keep, Back or Finish under a question."""
    owned = await own_registration(update, context, callback.id)
    if owned is None:
        return
    registration, call = owned
    journey = context.services.journey
    question = call.form.question(callback.key)
    if callback.action == Action.TOGGLE:
        step = await journey.toggle(registration, call, callback.key, callback.index)
        if isinstance(step, Ask):
            await replace(
                update,
                context,
                screens.question(context.t, call, step.registration, step.question, None)[0],
            )
            return
    elif callback.action == Action.FINISH:
        step = await journey.finish_choices(registration, call, callback.key)
        if isinstance(step, Ask) and step.error and step.question.key == callback.key:
            await notify(
                update, context, context.t(step.error.key, **step.error.params), alert=True
            )
            return
    elif callback.action == Action.CHOOSE:
        step = await journey.choose(registration, call, callback.key, callback.index)
    elif callback.action == Action.SKIP:
        step = await journey.skip(registration, call, callback.key)
    elif callback.action == Action.KEEP:
        step = await journey.keep(registration, call, callback.key)
    else:
        step = await journey.back(registration, call, callback.key)
    if not isinstance(step, Stale) and question is not None:
        if callback.action == Action.BACK:
            await settle(update)
        else:
            answered = await _reload(context, registration)
            await settle(update, screens.answered(context.t, call, answered, question))
    await show_step(update, context, call, step)


async def on_draft_button(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Pause, Continue, Discard, Submit, Edit, and the way back to the review."""
    owned = await own_registration(update, context, callback.id)
    if owned is None:
        return
    registration, call = owned
    journey = context.services.journey
    t = context.t
    action = callback.action
    if action == Action.PAUSE:
        await journey.leave(registration)
        await settle(update)
        await reply(update, context, mine_screens.paused(t, registration))
    elif action == Action.CONTINUE:
        await settle(update)
        await show_step(update, context, call, await journey.resume(registration, call))
    elif action == Action.DISCARD:
        await replace(update, context, mine_screens.discard_confirm(t, call, registration))
    elif action == Action.DISCARD_YES:
        done = await journey.discard(registration)
        await replace(update, context, Screen(t("discard.done" if done else "button.invalid")))
    elif action == Action.SUBMIT:
        step = await journey.submit(registration, call)
        if not isinstance(step, Stale):
            await settle(update)
        await show_step(update, context, call, step)
    elif action == Action.EDIT:
        if closed := journey.closed(call):
            await show_step(update, context, call, closed)
        else:
            await replace(update, context, screens.edit_picker(t, call, registration))
    elif action == Action.EDIT_QUESTION:
        step = await journey.edit(registration, call, callback.key)
        if not isinstance(step, Stale):
            await settle(update)
        await show_step(update, context, call, step)
    elif action == Action.REVIEW:
        if registration.is_draft and registration.step == REVIEW_STEP:
            await replace(update, context, screens.review(t, call, registration))
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
    app.add_handler(
        button_handler(
            dict.fromkeys(
                (
                    Action.CHOOSE,
                    Action.TOGGLE,
                    Action.FINISH,
                    Action.SKIP,
                    Action.KEEP,
                    Action.BACK,
                ),
                on_form_button,
            )
        )
    )
    app.add_handler(
        button_handler(
            dict.fromkeys(
                (
                    Action.PAUSE,
                    Action.CONTINUE,
                    Action.DISCARD,
                    Action.DISCARD_YES,
                    Action.SUBMIT,
                    Action.EDIT,
                    Action.EDIT_QUESTION,
                    Action.REVIEW,
                ),
                on_draft_button,
            )
        )
    )
