"""The new-call wizard's screens: one question at a time, then a summary to confirm."""

from __future__ import annotations

from datetime import datetime

from bot.domain.admin_sessions import AdminSession, Step
from bot.domain.refusal import Refusal
from bot.domain.wizard import STEPS, TYPED_STEPS
from bot.ui.callbacks import Action
from bot.ui.screens import Screen, button, rows
from bot.ui.texts import Markup, Translator

MAX_PROBLEMS = 15


def ask(t: Translator, session: AdminSession) -> Screen:
    """The wizard's current question (or, at the end, its summary)."""
    step = session.step
    cancel = [button(t("admin.button.cancel"), Action.ADMIN_CANCEL)]
    if step == Step.CONFIRM:
        return _summary(t, session.data)
    if step == Step.CAPACITY:
        return Screen(
            t("admin.wizard.capacity"),
            rows([button(t("admin.button.no_capacity"), Action.ADMIN_SKIP)], cancel),
        )
    if step == Step.FORM:
        return Screen(
            t("admin.wizard.form"),
            rows([button(t("admin.button.template"), Action.ADMIN_TEMPLATE, index=0)], cancel),
        )
    number = TYPED_STEPS.index(step) + 1
    return Screen(
        t(
            "admin.wizard.step",
            number=number,
            total=len(STEPS) - 1,
            question=t(f"admin.wizard.{step}"),
        ),
        rows(cancel),
    )


def _summary(t: Translator, data: dict) -> Screen:
    deadline = datetime.fromisoformat(data["deadline_at"])
    questions = data.get("form", {}).get("questions", [])
    lines = [
        t("admin.wizard.summary"),
        "",
        t(
            "admin.wizard.summary_line",
            label=t.label(t("admin.field.title")),
            value=t.title(data["title"]),
        ),
        t("admin.wizard.summary_line", label=t.label(t("admin.field.slug")), value=data["slug"]),
        t(
            "admin.wizard.summary_line",
            label=t.label(t("admin.field.organiser")),
            value=t.title(data["organiser"]),
        ),
        t(
            "admin.wizard.summary_line",
            label=t.label(t("admin.field.deadline")),
            value=t.date(deadline),
        ),
        t(
            "admin.wizard.summary_line",
            label=t.label(t("admin.field.capacity")),
            value=data.get("capacity") or t("admin.panel.no_capacity"),
        ),
        t(
            "admin.wizard.summary_line",
            label=t.label(t("admin.field.form")),
            value=t("admin.wizard.questions", count=len(questions)),
        ),
    ]
    keyboard = rows(
        [button(t("admin.button.publish"), Action.ADMIN_PUBLISH, index=1)],
        [
            button(t("admin.button.save_draft"), Action.ADMIN_PUBLISH, index=0),
            button(t("admin.button.cancel"), Action.ADMIN_CANCEL),
        ],
    )
    return Screen(Markup("\n".join(lines)), keyboard)


def problems(t: Translator, found: list[str], why: Refusal | None = None) -> Screen:
    """What is wrong with an uploaded call file: why it was refused, then each problem."""
    why = why or Refusal("admin.file.problems", {"count": len(found)})
    shown = [t("admin.file.problem", problem=problem) for problem in found[:MAX_PROBLEMS]]
    return Screen(Markup("\n".join([t(why.key, **why.params), *shown])))
