"""The statistics screen of a call."""

from __future__ import annotations

from bot.domain.calls import Call
from bot.domain.dates import jalali_day
from bot.domain.normalize import to_persian_digits
from bot.domain.stats import CallStats
from bot.domain.text import cut
from bot.ui.callbacks import Action
from bot.ui.screens import Screen, button, lines_within, rows
from bot.ui.texts import Markup, Translator

LABEL_ROOM = 100  # a question's label over its split
OPTION_ROOM = 60  # an option's label beside its bar

BAR_WIDTH = 12


def _bar(count: int, most: int) -> str:
    return "▇" * max(1 if count else 0, round(BAR_WIDTH * count / most)) if most else ""


def stats(t: Translator, call: Call, numbers: CallStats) -> Screen:
    lines = [t("stats.title", title=t.title(call.spec.title)), "", t("stats.funnel")]
    funnel = {"opened": numbers.opened, "agreed": numbers.agreed, "submitted": numbers.submitted}
    if call.spec.moderated or numbers.accepted:  # only an admin's decision accepts anyone
        lines.append(t("stats.funnel_line", **funnel, accepted=numbers.accepted))
    else:
        lines.append(t("stats.funnel_line_unmoderated", **funnel))
    lines.append(t("stats.other_line", withdrawn=numbers.withdrawn, waitlisted=numbers.waitlisted))
    if numbers.per_day:
        lines += ["", t("stats.per_day")]
        most = max(count for _, count in numbers.per_day)
        for day, count in numbers.per_day[-14:]:
            shown = jalali_day(day) if t.lang == "fa" else day.isoformat()
            shown = to_persian_digits(shown) if t.lang == "fa" else shown
            lines.append(
                t("stats.day_line", day=Markup(shown), bar=_bar(count, most), count=count)
            )
    for key, split in numbers.choices.items():
        question = call.form.question(key)
        if question is None:
            continue
        lines += ["", t("stats.choice_title", label=cut(t.pick(question.label), LABEL_ROOM))]
        most = max(split.values(), default=0)
        for option in question.options:
            count = split.get(option.value, 0)
            lines.append(
                t(
                    "stats.choice_line",
                    label=t.label(cut(t.pick(option.label), OPTION_ROOM)),
                    bar=_bar(count, most),
                    count=count,
                )
            )
    keyboard = rows([button(t("admin.button.back"), Action.ADMIN_CALL, call.id)])
    return Screen(Markup(lines_within(lines)), keyboard)
