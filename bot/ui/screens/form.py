"""Screens of the form: a question, the review, the answer picker, the confirmation."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import KeyboardButton, ReplyKeyboardMarkup

from bot.domain.calls import Call
from bot.domain.forms import AnswerError, Question, QuestionType, choice_bounds
from bot.domain.models import Registration
from bot.domain.text import cut, pieces, shorten, utf16_length
from bot.ui.callbacks import Action
from bot.ui.screens import MESSAGE_LIMIT, Screen, button, room_for, rows
from bot.ui.screens.answers import display_answer
from bot.ui.texts import Markup, Translator, escape
from bot.ui.texts.bidi import isolate

LABEL_ROOM = 300  # a question's label in a summary (call files allow 4,000 characters)
MIN_ANSWER = 24  # the shortest an answer is cut to before answers are left out


@dataclass(frozen=True)
class Summary:
    text: Markup
    shortened: bool  # some answers are cut or left out: offer them whole


def question(
    t: Translator,
    call: Call,
    registration: Registration,
    q: Question,
    error: AnswerError | None,
    *,
    contact_button: bool,
) -> list[Screen]:
    """The question with its progress, hint and buttons; for phones, a contact button too
    where the messenger has a dependable one (else the number is typed)."""
    number, total = call.form.position(q.key, registration.answers)
    label, help = t.pick(q.label), t.pick(q.help) if q.help else ""
    current = registration.answers.get(q.key)
    shown = None if current is None else display_answer(t, q, current)
    screens = []
    text = _question_text(t, q, error, number, total, label, help, shown, contact_button)
    if utf16_length(text) > MESSAGE_LIMIT:
        # A label and help longer than one message: they go first, whole, and the question
        # itself follows with its label shortened.
        screens += long_text(t, "\n\n".join(part for part in (label, help) if part))
        short = None if shown is None else cut(shown, MESSAGE_LIMIT // 4)
        room = cut(label, LABEL_ROOM)
        text = _question_text(t, q, error, number, total, room, "", short, contact_button)
    screens.append(Screen(text, _question_buttons(t, call, registration, q)))
    if q.type == QuestionType.PHONE and contact_button:  # with every re-ask: the hint says so
        contact = KeyboardButton(t("button.share_contact"), request_contact=True)
        keyboard = ReplyKeyboardMarkup([[contact]], resize_keyboard=True, one_time_keyboard=True)
        screens.append(Screen(t("phone.keyboard"), keyboard))
    return screens


def _question_text(
    t: Translator,
    q: Question,
    error: AnswerError | None,
    number: int,
    total: int,
    label: str,
    help: str,
    shown: str | None,
    contact_button: bool,
) -> Markup:
    lines = []
    if error is not None:
        lines += [f"⚠️ {t(error.key, **error.params)}", ""]
    lines.append(f"<b>{t('question.progress', number=number, total=total)}</b>")
    lines.append(
        t("question.label", label=label)
        if q.required
        else t("question.label_optional", label=label)
    )
    if help:
        lines.append(t("question.help", help=help))
    typed = q.type == QuestionType.PHONE and not contact_button
    lines.append(t("hint.phone_typed") if typed else _hint(t, q))
    if shown is not None and q.type != QuestionType.MULTI_CHOICE:
        lines += ["", t("question.current", value=shown)]
    return Markup("\n".join(lines))


def long_text(t: Translator, text: str) -> list[Screen]:
    """Text from a call file or a person, whole, in as many messages as it needs; each line
    kept apart in its own direction."""
    lines = "\n".join(isolate(line) for line in text.split("\n"))
    return [Screen(escape(piece)) for piece in pieces(lines, MESSAGE_LIMIT)]


def _hint(t: Translator, q: Question) -> Markup:
    if q.type in (QuestionType.TEXT, QuestionType.LONG_TEXT):
        return t(f"hint.{q.type}", max=q.limit_length)
    if q.type == QuestionType.NUMBER and q.min is not None and q.max is not None:
        return t("hint.number_range", min=q.min, max=q.max)
    if q.type == QuestionType.MULTI_CHOICE:
        return _choices_hint(t, q)
    if q.type == QuestionType.CONSENT and not q.required:  # the directory's: no is fine too
        return t("hint.consent_optional")
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
    label = t("question.label", label=cut(t.pick(q.label), LABEL_ROOM))
    value = display_answer(t, q, registration.answers.get(q.key))
    chosen = t(
        "question.chosen", value=cut(value, room_for(label, t("question.chosen", value="")))
    )
    return Screen(Markup(f"{label}\n{chosen}"))


def summary(
    t: Translator, call: Call, registration: Registration, room: int = MESSAGE_LIMIT
) -> Summary:
    """Every applicable question with its answer, one per line, in at most `room` UTF-16
    units: long answers are shortened (longest first) when the whole would not fit, and if
    even short ones don't, the answers that don't fit are counted instead of shown."""
    items = [
        (cut(t.pick(q.label), LABEL_ROOM), display_answer(t, q, registration.answers.get(q.key)))
        for q in call.form.applicable(registration.answers)
    ]

    def shown(longest: int | None) -> Markup:
        lines = [
            t(
                "review.item",
                label=t.label(label),
                value=value if longest is None else cut(value, longest),
            )
            for label, value in items
        ]
        return Markup("\n".join(lines))

    full = shown(None)
    if utf16_length(full) <= room:
        return Summary(full, shortened=False)
    low, high, best = MIN_ANSWER, max(utf16_length(value) for _, value in items), None
    while low <= high:  # the longest answer length that still fits
        middle = (low + high) // 2
        if utf16_length(shown(middle)) <= room:
            best, low = middle, middle + 1
        else:
            high = middle - 1
    if best is not None:
        return Summary(shown(best), shortened=True)
    lines: list[str] = []
    for number, (label, value) in enumerate(items):
        line = t("review.item", label=t.label(label), value=cut(value, MIN_ANSWER))
        more = t("review.more", count=len(items) - number)
        if utf16_length("\n".join([*lines, line, more])) > room:
            return Summary(Markup("\n".join([*lines, more])), shortened=True)
        lines.append(line)
    return Summary(Markup("\n".join(lines)), shortened=True)


def full_answers(t: Translator, call: Call, registration: Registration) -> list[Screen]:
    """Every answer whole, in as many messages as they need (a long one split at its lines)."""
    parts = [
        f"{t.pick(q.label)}\n{display_answer(t, q, registration.answers.get(q.key))}"
        for q in call.form.applicable(registration.answers)
    ]
    return long_text(t, "\n\n".join(parts))


def review(t: Translator, call: Call, registration: Registration) -> Screen:
    """The draft's summary with Confirm / Edit / Pause (and the whole answers, if cut)."""
    head = t("review.title", title=t.title(call.spec.title))
    foot = t("review.footer")
    answers = summary(t, call, registration, room_for(head, foot))
    keyboard = rows(
        [button(t("button.submit"), Action.SUBMIT, registration.id)],
        [
            button(t("button.edit"), Action.EDIT, registration.id),
            button(t("button.cancel"), Action.PAUSE, registration.id),
        ],
        [button(t("button.full_answers"), Action.ANSWERS, registration.id)]
        if answers.shortened
        else None,
    )
    return Screen(Markup(f"{head}\n\n{answers.text}\n\n{foot}"), keyboard)


def edit_picker(t: Translator, call: Call, registration: Registration) -> Screen:
    """One button per answer, to change it; and the way back."""
    buttons = [
        [button(shorten(t.pick(q.label), 40), Action.EDIT_QUESTION, registration.id, q.key)]
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
    title = t.title(call.spec.title)
    code = registration.reference_code or ""
    if position is not None:
        text = t("submitted.waitlisted", title=title, position=position, code=code)
    else:
        text = t("submitted.ok", title=title, code=code, deadline=t.date(call.deadline_at))
    # Below, not in place: the thanks holds the reference code and the deadline.
    view = button(t("button.view_mine"), Action.VIEW_BELOW, registration.id)
    return Screen(text, rows([view]))
