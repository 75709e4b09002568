"""How stored answers read back to a person."""

from __future__ import annotations

from bot.domain.forms import Answer, Question, QuestionType
from bot.domain.text import cut
from bot.ui.texts import Translator

OPTION_ROOM = 200  # an option's label in an answer (a call file allows 4,000 characters)


def display_answer(t: Translator, question: Question, value: Answer | None) -> str:
    """An answer as the reader sees it: option labels, local digits; plain text (unescaped)."""
    if value is None or value == []:
        return t("review.unanswered")
    if question.type == QuestionType.CONSENT:
        return t("button.consent_yes")
    if question.type in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
        values = value if isinstance(value, list) else [value]
        labels = [
            cut(t.pick(o.label), OPTION_ROOM)
            for v in values
            if (o := question.option(str(v))) is not None
        ]
        return ("، " if t.lang == "fa" else ", ").join(labels)
    if isinstance(value, int | float):
        return t.number(value)
    return str(value)
