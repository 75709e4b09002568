"""What admins do to calls and registrations, each checked and written to the audit log."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from bot.domain.calls import (
    Call,
    CallFileError,
    CallSpec,
    CallStatus,
    ReminderPlan,
    parse_call_file,
)
from bot.domain.clock import Clock
from bot.domain.dates import DateParseError, parse_datetime
from bot.domain.forms import change_problems
from bot.domain.models import Registration, RegistrationStatus
from bot.domain.normalize import normalize_line, normalize_text, to_ascii_digits
from bot.domain.refusal import Refusal
from bot.domain.reminders import parse_offsets
from bot.domain.settings import Settings
from bot.services.directory import with_directory_question
from bot.services.moves import DateMoves
from bot.services.seats import Seats
from storage import Storage

TEXT_LIMITS = {"title": 200, "organiser": 200, "description": 4000, "consent": 2000}


class CallAdmin:
    def __init__(
        self,
        *,
        storage: Storage,
        clock: Clock,
        settings: Settings,
        seats: Seats,
        replan: Callable[[Call], Awaitable[None]] | None = None,
        moves: DateMoves | None = None,
    ) -> None:
        self.storage = storage
        self.clock = clock
        self.settings = settings
        self.seats = seats
        # Re-plans a call's reminders after a change (deadline, status, …): the scheduler's.
        self.replan = replan
        # Notes a moved deadline or meeting, so the admin is asked whether to tell people.
        self.moves = moves

    async def get(self, call_id: int) -> Call | None:
        return await self.storage.calls.get(call_id)

    async def _changed(self, call: Call) -> Call:
        """After any change to a call: seats a larger capacity or a reopening freed go to
        the waiting list (each told), and the reminders are planned anew."""
        await self.seats.settle(call)
        if self.replan is not None:
            await self.replan(call)
        return call

    def is_admin(self, user_id: int | None) -> bool:
        """Checked at the moment of every admin command and button."""
        return user_id is not None and user_id in self.settings.admin_ids

    async def audit(
        self, admin_id: int, action: str, call: Call | None = None, detail: str = ""
    ) -> None:
        await self.storage.audit.record(
            admin_id, action, self.clock.now(), call.id if call else None, detail
        )

    async def set_status(self, admin_id: int, call: Call, status: CallStatus) -> Call | Refusal:
        """Opens, closes or archives a call (reopening needs a deadline still ahead)."""
        if status == CallStatus.OPEN and call.deadline_at <= self.clock.now():
            return Refusal("admin.refused.reopen_past_deadline")
        now = self.clock.now()
        updated = await self.storage.calls.update(call.id, call.spec, now, status)
        if status == CallStatus.OPEN:
            await self.storage.privacy.mark_reopened(call.id)
        else:  # the retention period starts when a call closes
            await self.storage.privacy.mark_closed(call.id, now)
        await self.audit(admin_id, f"call_{status}", call)
        return await self._changed(updated)

    async def change_deadline(self, admin_id: int, call: Call, text: str) -> Call | Refusal:
        """Moves the deadline (earlier or later) to a moment still in the future."""
        try:
            deadline = parse_datetime(text, self.settings.tz)
        except DateParseError:
            return Refusal("admin.refused.date")
        if deadline <= self.clock.now():
            return Refusal("admin.refused.deadline_past")
        if deadline <= call.opens_at:
            return Refusal("admin.refused.deadline_before_opening")
        spec = call.spec.model_copy(update={"deadline_at": deadline})
        updated = await self.storage.calls.update(call.id, spec, self.clock.now())
        await self.audit(
            admin_id, "deadline", call, _iso(call.deadline_at) + " → " + _iso(deadline)
        )
        if self.moves is not None:
            await self.moves.note(admin_id, call, updated)
        return await self._changed(updated)

    async def edit_field(self, admin_id: int, call: Call, name: str, text: str) -> Call | Refusal:
        """Changes one field from what the admin typed (title_fa, capacity, opens_at, …)."""
        spec = call.spec
        now = self.clock.now()
        if name == "capacity":
            value = to_ascii_digits(text.strip())
            if value in ("0", "-", "—"):
                capacity = None
            elif value.isdigit() and 0 < int(value) <= 1_000_000:
                capacity = int(value)
            else:
                return Refusal("admin.refused.capacity")
            changed = spec.model_copy(update={"capacity": capacity})
        elif name == "opens_at":
            try:
                opens_at = parse_datetime(text, self.settings.tz)
            except DateParseError:
                return Refusal("admin.refused.date")
            if opens_at >= call.deadline_at:
                return Refusal("admin.refused.opening_after_deadline")
            changed = spec.model_copy(update={"opens_at": opens_at})
        else:
            part, _, lang = name.rpartition("_")
            if part not in TEXT_LIMITS or lang not in ("fa", "en"):
                return Refusal("admin.refused.field")
            value = (
                normalize_text(text)
                if part in ("description", "consent")
                else normalize_line(text)
            )
            if not value or len(value) > TEXT_LIMITS[part]:
                return Refusal("admin.refused.length", {"max": TEXT_LIMITS[part]})
            current = dict(getattr(spec, part) or {})
            current[lang] = value
            changed = spec.model_copy(update={part: current})
        async with self.storage.transaction():
            updated = await self.storage.calls.update(call.id, changed, now)
            await self.audit(admin_id, "edit", call, name)
        return await self._changed(updated)

    async def toggle_moderation(self, admin_id: int, call: Call) -> Call:
        spec = call.spec.model_copy(update={"moderated": not call.spec.moderated})
        updated = await self.storage.calls.update(call.id, spec, self.clock.now())
        await self.audit(admin_id, "moderation_on" if spec.moderated else "moderation_off", call)
        return await self._changed(updated)

    async def set_reminder_offsets(self, admin_id: int, call: Call, text: str) -> Call | Refusal:
        """New reminder times before the deadline, typed like `۳ روز، ۱ روز` or `3d, 1d, 3h`."""
        offsets = parse_offsets(text)
        if offsets is None:
            return Refusal("admin.refused.offsets")
        try:
            plan = call.spec.reminders.model_copy(update={"before_deadline": offsets})
            ReminderPlan.model_validate(plan.model_dump())
        except ValidationError:
            return Refusal("admin.refused.offsets")
        spec = call.spec.model_copy(update={"reminders": plan})
        updated = await self.storage.calls.update(call.id, spec, self.clock.now())
        await self.audit(admin_id, "reminders", call, ", ".join(offsets))
        return await self._changed(updated)

    async def toggle_reminder_audience(self, admin_id: int, call: Call, audience: str) -> Call:
        """Turns reminders to drafts, followers or newcomers on or off."""
        plan = call.spec.reminders
        if audience not in ("drafts", "followers", "everyone"):
            return call
        plan = plan.model_copy(update={audience: not getattr(plan, audience)})
        spec = call.spec.model_copy(update={"reminders": plan})
        updated = await self.storage.calls.update(call.id, spec, self.clock.now())
        await self.audit(admin_id, "reminders", call, f"{audience}={getattr(plan, audience)}")
        return await self._changed(updated)

    async def import_file(
        self, admin_id: int, text: str
    ) -> tuple[Call, bool] | tuple[Refusal, list[str]]:
        """Creates or replaces a call from a YAML call file; else why not, problem by problem."""
        try:
            spec = parse_call_file(text, self.settings.tz)
        except CallFileError as error:
            return Refusal("admin.file.problems", {"count": len(error.problems)}), error.problems
        return await self.save(admin_id, spec)

    async def save(
        self, admin_id: int | None, spec: CallSpec, *, force: bool = False
    ) -> tuple[Call, bool] | tuple[Refusal, list[str]]:
        """Creates the call a file describes, or replaces the one with its slug; returns
        (call, created), or why not. `admin_id` None is the command line (not in the admin
        log); `force` saves an open call even though its deadline has passed."""
        spec = with_directory_question(spec)
        existing = await self.storage.calls.by_slug(spec.slug)
        if not force and _closed_at_birth(spec, existing, self.clock.now()):
            return Refusal("admin.file.deadline_passed", {"deadline": spec.deadline_at}), []
        if existing is not None:
            registered = sum(
                (await self.storage.registrations.count_by_status(existing.id)).values()
            )
            problems = change_problems(existing.form, spec.form) if registered else []
            if problems:
                # Answers are stored per question: the form may only grow by optional questions.
                return Refusal("admin.file.form_locked", {"count": registered}), problems
        call, created = await self.storage.calls.save(spec, self.clock.now())
        if admin_id is not None:
            await self.audit(admin_id, "call_created" if created else "call_replaced", call)
            if existing is not None and self.moves is not None:  # a file moved dates, perhaps
                await self.moves.note(admin_id, existing, call)
        return await self._changed(call), created

    async def create(
        self, admin_id: int, draft: dict[str, Any], open_now: bool
    ) -> Call | list[str]:
        """Creates the call the wizard collected, as a draft or open right away."""
        data = {**draft, "status": CallStatus.OPEN if open_now else CallStatus.DRAFT}
        data["deadline_at"] = datetime.fromisoformat(data["deadline_at"])
        try:
            spec = with_directory_question(CallSpec.model_validate(data))
        except ValidationError as error:
            return [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()]
        if await self.storage.calls.by_slug(spec.slug) is not None:
            return [f"slug: {spec.slug!r} is taken"]
        call, _ = await self.storage.calls.save(spec, self.clock.now())
        await self.audit(admin_id, "call_created", call)
        return await self._changed(call)

    async def decide(
        self, admin_id: int, registration: Registration, call: Call, accept: bool
    ) -> tuple[Registration, list[Registration]] | None:
        """Accepts or rejects a submission waiting for review; None if it is not waiting."""
        if registration.status != RegistrationStatus.SUBMITTED or not call.spec.moderated:
            return None
        status = RegistrationStatus.ACCEPTED if accept else RegistrationStatus.REJECTED
        now = self.clock.now()
        promoted: list[Registration] = []
        async with self.storage.transaction():
            await self.storage.registrations.set_status(registration.id, status, now)
            if not accept:
                promoted = await self.seats.settle(call)
            await self.audit(
                admin_id,
                "accepted" if accept else "rejected",
                call,
                registration.reference_code or "",
            )
        decided = await self.storage.registrations.get(registration.id)
        assert decided is not None
        return decided, promoted


def _closed_at_birth(spec: CallSpec, existing: Call | None, now: datetime) -> bool:
    """An open call whose deadline has passed takes no registration from its first moment.
    A file that keeps a finished call's own deadline only changes its details: allowed."""
    if spec.status != CallStatus.OPEN or spec.deadline_at > now:
        return False
    return existing is None or existing.deadline_at != spec.deadline_at


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")
