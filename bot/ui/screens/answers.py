"""How stored answers read back to a person."""

from __future__ import annotations

from bot.domain.forms import Answer, Question, QuestionType
from bot.ui.texts import Translator


def display_answer(t: Translator, question: Question, value: Answer | None) -> str:
    """An answer as the reader sees it: option labels, local digits; plain text (unescaped)."""
    if value is None or value == []:
        return t("review.unanswered")
    if question.type == QuestionType.CONSENT:
        return t("button.consent_yes")
    if question.type in (QuestionType.CHOICE, QuestionType.MULTI_CHOICE):
        values = value if isinstance(value, list) else [value]
        labels = [t.pick(o.label) for v in values if (o := question.option(str(v))) is not None]
        return ("، " if t.lang == "fa" else ", ").join(labels)
    if isinstance(value, int | float):
        return t.number(value)
    return str(value)
