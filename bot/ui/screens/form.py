"""Screens of the form: a question, the review, the answer picker, the confirmation."""

from __future__ import annotations

from telegram import KeyboardButton, ReplyKeyboardMarkup

from bot.domain.calls import Call
from bot.domain.forms import AnswerError, Question, QuestionType, choice_bounds
from bot.domain.models import Registration
from bot.ui.callbacks import Action
from bot.ui.screens import Screen, button, rows
from bot.ui.screens.answers import display_answer
from bot.ui.texts import Markup, Translator


def question(
    t: Translator, call: Call, registration: Registration, q: Question, error: AnswerError | None
) -> list[Screen]:
    """The question with its progress, hint and buttons; for phones, a contact button too."""
    number, total = call.form.position(q.key, registration.answers)
    lines = []
    if error is not None:
        lines += [f"⚠️ {t(error.key, **error.params)}", ""]
    lines.append(f"<b>{t('question.progress', number=number, total=total)}</b>")
    label = t.pick(q.label)
    lines.append(
        t("question.label", label=label)
        if q.required
        else t("question.label_optional", label=label)
    )
    if q.help:
        lines.append(t("question.help", help=t.pick(q.help)))
    lines.append(_hint(t, q))
    current = registration.answers.get(q.key)
    if current is not None and q.type != QuestionType.MULTI_CHOICE:
        lines += ["", t("question.current", value=display_answer(t, q, current))]
    screens = [Screen(Markup("\n".join(lines)), _question_buttons(t, call, registration, q))]
    if q.type == QuestionType.PHONE:  # with every re-ask too: the hint says to press it
        contact = KeyboardButton(t("button.share_contact"), request_contact=True)
        keyboard = ReplyKeyboardMarkup([[contact]], resize_keyboard=True, one_time_keyboard=True)
        screens.append(Screen(t("phone.keyboard"), keyboard))
    return screens


def _hint(t: Translator, q: Question) -> Markup:
    if q.type in (QuestionType.TEXT, QuestionType.LONG_TEXT):
        return t(f"hint.{q.type}", max=q.limit_length)
    if q.type == QuestionType.NUMBER and q.min is not None and q.max is not None:
        return t("hint.number_range", min=q.min, max=q.max)
    if q.type == QuestionType.MULTI_CHOICE:
        return _choices_hint(t, q)
    return t(f"hint.{q.type}")


def _choices_hint(t: Translator, q: Question) -> Markup:
    """How many options to tick, as the question allows them."""
    least, most = choice_bounds(q)
    if most is None:
        return t("hint.multi_choice_at_least", min=least) if least > 1 else t("hint.multi_choice")
    if least == most:
        return t("hint.multi_choice_exactly", count=most)
    if least == 0:
        return t("hint.multi_choice_up_to", max=most)
    return t("hint.multi_choice_range", min=least, max=most)


def _question_buttons(t: Translator, call: Call, registration: Registration, q: Question):
    reg = registration.id
    options = []
    if q.type == QuestionType.CHOICE:
        options = [
            [button(t.pick(o.label), Action.CHOOSE, reg, q.key, i)]
            for i, o in enumerate(q.options)
        ]
    elif q.type == QuestionType.MULTI_CHOICE:
        answer = registration.answers.get(q.key)
        chosen = answer if isinstance(answer, list) else []
        options = [
            [
                button(
                    ("☑️ " if o.value in chosen else "◻️ ") + t.pick(o.label),
                    Action.TOGGLE,
                    reg,
                    q.key,
                    i,
                )
            ]
            for i, o in enumerate(q.options)
        ]
        options.append([button(t("button.done_choices"), Action.FINISH, reg, q.key)])
    elif q.type == QuestionType.CONSENT:
        options = [[button(t("button.consent_yes"), Action.CHOOSE, reg, q.key, 0)]]
    extra = []
    if q.key in registration.answers and q.type != QuestionType.MULTI_CHOICE:
        extra.append(button(t("button.keep"), Action.KEEP, reg, q.key))
    if not q.required:
        extra.append(button(t("button.skip"), Action.SKIP, reg, q.key))
    navigation = []
    if call.form.previous_before(q.key, registration.answers) is not None:
        navigation.append(button(t("button.back"), Action.BACK, reg, q.key))
    navigation.append(button(t("button.cancel"), Action.PAUSE, reg))
    return rows(*options, extra, navigation)


def answered(t: Translator, call: Call, registration: Registration, q: Question) -> Screen:
    """The question message once answered: its label and the answer, buttons gone."""
    value = display_answer(t, q, registration.answers.get(q.key))
    return Screen(
        Markup(
            f"{t('question.label', label=t.pick(q.label))}\n{t('question.chosen', value=value)}"
        )
    )


def summary(t: Translator, call: Call, registration: Registration) -> Markup:
    """Every applicable question with its answer, one per line."""
    lines = []
    for q in call.form.applicable(registration.answers):
        value = display_answer(t, q, registration.answers.get(q.key))
        lines.append(t("review.item", label=t.pick(q.label), value=value))
    return Markup("\n".join(lines))


def review(t: Translator, call: Call, registration: Registration) -> Screen:
    """The draft's summary with Confirm / Edit / Pause."""
    title = t.pick(call.spec.title)
    text = (
        f"{t('review.title', title=title)}\n\n{summary(t, call, registration)}\n\n"
        f"{t('review.footer')}"
    )
    keyboard = rows(
        [button(t("button.submit"), Action.SUBMIT, registration.id)],
        [
            button(t("button.edit"), Action.EDIT, registration.id),
            button(t("button.cancel"), Action.PAUSE, registration.id),
        ],
    )
    return Screen(Markup(text), keyboard)


def edit_picker(t: Translator, call: Call, registration: Registration) -> Screen:
    """One button per answer, to change it; and the way back."""
    buttons = [
        [button(_short(t.pick(q.label)), Action.EDIT_QUESTION, registration.id, q.key)]
        for q in call.form.applicable(registration.answers)
    ]
    back_action = Action.REVIEW if registration.is_draft else Action.VIEW
    back_label = "button.back_to_review" if registration.is_draft else "button.my_registration"
    buttons.append([button(t(back_label), back_action, registration.id)])
    return Screen(t("edit.pick"), rows(*buttons))


def submitted(
    t: Translator, call: Call, registration: Registration, position: int | None
) -> Screen:
    """The confirmation with the reference code (or the waitlist place)."""
    title = t.pick(call.spec.title)
    code = registration.reference_code or ""
    if position is not None:
        text = t("submitted.waitlisted", title=title, position=position, code=code)
    else:
        text = t("submitted.ok", title=title, code=code, deadline=t.date(call.deadline_at))
    # Below, not in place: the thanks holds the reference code and the deadline.
    view = button(t("button.view_mine"), Action.VIEW_BELOW, registration.id)
    return Screen(text, rows([view]))


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
