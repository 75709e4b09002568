"""The new-call wizard's steps: what each asks, and how what the admin typed is checked."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo
from typing import Any

import yaml
from pydantic import ValidationError

from bot.domain.admin_sessions import Step
from bot.domain.calls import SAMPLE_CALL, SLUG_PATTERN, load_call_file
from bot.domain.dates import DateParseError, parse_datetime
from bot.domain.directory import DIRECTORY_KEY
from bot.domain.forms import Form
from bot.domain.normalize import normalize_line, normalize_text, to_ascii_digits

STEPS = (
    Step.TITLE,
    Step.SLUG,
    Step.DESCRIPTION,
    Step.ORGANISER,
    Step.DEADLINE,
    Step.CAPACITY,
    Step.FORM,
    Step.CONFIRM,
)
TYPED_STEPS = STEPS[:5]  # the steps answered by typing, numbered for the admin
LIMITS = {"title": 200, "description": 4000, "organiser": 200}


def next_step(step: Step) -> Step:
    return STEPS[STEPS.index(step) + 1]


def take(step: str, text: str, lang: str, tz: tzinfo, now: datetime) -> tuple[str, Any] | str:
    """What a typed answer sets in the draft as (field, value), or the catalog key of why not."""
    if step in LIMITS:
        value = normalize_text(text) if step == "description" else normalize_line(text)
        if not value or len(value) > LIMITS[step]:
            return "admin.refused.length"
        return step, {lang: value}
    if step == "slug":
        slug = normalize_line(text).lower()
        return ("slug", slug) if re.match(SLUG_PATTERN, slug) else "admin.refused.slug"
    if step == "deadline":
        try:
            deadline = parse_datetime(text, tz)
        except DateParseError:
            return "admin.refused.date"
        if deadline <= now:
            return "admin.refused.deadline_past"
        return "deadline_at", deadline.isoformat()
    if step == "capacity":
        value = to_ascii_digits(text.strip())
        if value.isdigit() and 0 < int(value) <= 1_000_000:
            return "capacity", int(value)
        return "admin.refused.capacity"
    return "admin.refused.use_buttons"


def working_group_form(tz: tzinfo) -> dict[str, Any]:
    """The default form: the one of the shipped working-group call (its directory question is
    asked by `working_group_directory`, worded for the new call's organiser)."""
    form = load_call_file(SAMPLE_CALL, tz).form
    questions = [q.model_dump(mode="json") for q in form.questions if q.key != DIRECTORY_KEY]
    return {"questions": questions}


def working_group_directory(tz: tzinfo) -> dict[str, Any] | None:
    """The default form's directory of experts: the same profile, and no wording of its own
    (the sample's names its organiser; the catalog's names the new call's)."""
    plan = load_call_file(SAMPLE_CALL, tz).directory
    return None if plan is None else {"profile_keys": plan.profile_keys}


def form_from_file(text: str) -> dict[str, Any] | list[str]:
    """The form in an uploaded YAML (a whole call file, or just its question list)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        return [f"not valid YAML: {error}"]
    questions = data.get("form") if isinstance(data, dict) else data
    if isinstance(questions, dict):
        questions = questions.get("questions")
    try:
        form = Form.model_validate({"questions": questions})
    except ValidationError as error:
        return [f"form.{'.'.join(map(str, e['loc'][1:]))}: {e['msg']}" for e in error.errors()]
    return form.model_dump(mode="json")
