"""A volunteer's way through a call: consent, questions, review, submit, edit, withdraw.

Every step is saved before it is shown, so a restart resumes at the same question.
"""

from __future__ import annotations

import secrets
from dataclasses import replace

from bot.domain.calls import Call, Window
from bot.domain.clock import Clock
from bot.domain.forms import (
    Answer,
    AnswerError,
    Question,
    QuestionType,
    check_answer,
    check_multi_choice,
    toggle_choice,
)
from bot.domain.models import HOLDS_SEAT, REVIEW_STEP, Registration, RegistrationStatus, User
from bot.domain.steps import Ask, Closed, Review, Saved, Stale, Step, Submitted, TooManyDrafts
from bot.services.directory import Directory
from bot.services.seats import Seats, seat_status
from storage import Storage

MAX_DRAFTS = 5  # unfinished drafts one person may have at once
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference_code() -> str:
    """A short code a volunteer can read out: no 0/O, 1/I/L to confuse."""
    return "FK-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


class Journey:
    """The registration rules, on top of storage and an injected clock."""

    def __init__(
        self, *, storage: Storage, clock: Clock, seats: Seats, directory: Directory | None = None
    ) -> None:
        self.storage = storage
        self.clock = clock
        self.seats = seats
        # Keeps the directory of experts up to date with each submission, edit and withdrawal.
        self.directory = directory

    def closed(self, call: Call) -> Closed | None:
        """Why the call accepts no registering, editing or withdrawing now (None: it does)."""
        window = call.window(self.clock.now())
        return None if window == Window.OPEN else Closed(call, window)

    async def may_start(self, user: User, call: Call) -> Closed | Registration | None:
        """Whether the volunteer may begin a new registration for the call: None when they
        may; the call's Closed step outside its window; their registration when they have
        one (a withdrawn one does not count: they may register again)."""
        if closed := self.closed(call):
            return closed
        existing = await self.storage.registrations.for_user_and_call(user.id, call.id)
        if existing is None or existing.status == RegistrationStatus.WITHDRAWN:
            return None
        return existing

    async def begin(self, user: User, call: Call, consent_version: str | None = None) -> Step:
        """After consent (of that version): a fresh draft at the first question."""
        if closed := self.closed(call):
            return closed
        if await self._too_many_drafts(user, call):
            return TooManyDrafts(call)
        first = call.form.applicable({})[0]
        now = self.clock.now()
        registration = await self.storage.registrations.start_draft(
            call.id, user.id, first.key, now, consent_version
        )
        await self.storage.funnel.mark(call.id, user.id, "agreed", now)
        await self.storage.users.set_active_registration(user.id, registration.id)
        return Ask(registration, first)

    async def _too_many_drafts(self, user: User, call: Call) -> bool:
        """A cap on unfinished drafts per person, so nobody can fill the database with them."""
        drafts = [
            r
            for r in await self.storage.registrations.for_user(user.id)
            if r.is_draft and r.call_id != call.id
        ]
        return len(drafts) >= MAX_DRAFTS

    async def resume(self, registration: Registration, call: Call) -> Step:
        """Continues a draft where it stopped (the question, or the review)."""
        if closed := self.closed(call):
            return closed
        await self.storage.users.set_active_registration(registration.user_id, registration.id)
        return self._current(registration, call)

    def _current(self, registration: Registration, call: Call) -> Step:
        question = call.form.question(registration.step or "")
        if question is not None:
            return Ask(registration, question)
        missing = call.form.first_missing(registration.answers)
        if missing is not None:
            return Ask(registration, missing)
        return Review(registration) if registration.is_draft else Saved(registration)

    async def answer_text(self, registration: Registration, call: Call, text: str) -> Step:
        """Checks a typed answer to the current question; stores it and moves on, or re-asks."""
        if closed := self.closed(call):
            return closed
        question = call.form.question(registration.step or "")
        if question is None:
            return Stale(registration)
        value = check_answer(question, text)
        if isinstance(value, AnswerError):
            return Ask(registration, question, value)
        return await self._store(registration, call, question, value)

    async def answer_phone(self, registration: Registration, call: Call, phone: str) -> Step:
        """Stores a shared contact's number when the current question asks for a phone."""
        question = call.form.question(registration.step or "")
        if question is None or question.type != QuestionType.PHONE:
            return Stale(registration)
        return await self.answer_text(registration, call, phone)

    async def choose(self, registration: Registration, call: Call, key: str, option: int) -> Step:
        """Stores a pressed option of a choice (or consent) question."""
        question = self._asked(registration, call, key)
        if question is None or question.type not in (QuestionType.CHOICE, QuestionType.CONSENT):
            return Stale(registration)
        if closed := self.closed(call):
            return closed
        if question.type == QuestionType.CONSENT:
            return await self._store(registration, call, question, "yes")
        if not 0 <= option < len(question.options):
            return Stale(registration)
        return await self._store(registration, call, question, question.options[option].value)

    async def toggle(self, registration: Registration, call: Call, key: str, option: int) -> Step:
        """Adds or removes one option of a multi-choice selection; stays on the question."""
        question = self._asked(registration, call, key)
        if question is None or question.type != QuestionType.MULTI_CHOICE:
            return Stale(registration)
        if not 0 <= option < len(question.options):
            return Stale(registration)
        if closed := self.closed(call):
            return closed
        chosen = toggle_choice(
            question, list(_as_list(registration.answers.get(key))), question.options[option].value
        )
        if isinstance(chosen, AnswerError):  # one tick too many: refused, nothing stored
            return Ask(registration, question, chosen)
        await self.storage.registrations.save_answer(
            registration.id, key, chosen, self.clock.now()
        )
        return Ask(_answered(registration, key, chosen), question)

    async def finish_choices(self, registration: Registration, call: Call, key: str) -> Step:
        """Accepts the multi-choice selection made so far, if it fits the limits."""
        question = self._asked(registration, call, key)
        if question is None or question.type != QuestionType.MULTI_CHOICE:
            return Stale(registration)
        if closed := self.closed(call):
            return closed
        chosen = check_multi_choice(question, list(_as_list(registration.answers.get(key))))
        if isinstance(chosen, AnswerError):
            return Ask(registration, question, chosen)
        if not chosen:
            return await self._store(registration, call, question, None)
        return await self._store(registration, call, question, chosen)

    async def skip(self, registration: Registration, call: Call, key: str) -> Step:
        """Leaves an optional question unanswered and moves on."""
        question = self._asked(registration, call, key)
        if question is None or question.required:
            return Stale(registration)
        if closed := self.closed(call):
            return closed
        return await self._store(registration, call, question, None)

    async def keep(self, registration: Registration, call: Call, key: str) -> Step:
        """Keeps the answer already given to the current question and moves on."""
        question = self._asked(registration, call, key)
        if question is None or key not in registration.answers:
            return Stale(registration)
        if closed := self.closed(call):
            return closed
        return await self._store(registration, call, question, registration.answers[key])

    async def back(self, registration: Registration, call: Call, key: str) -> Step:
        """Returns to the question before the current one, answers kept."""
        if self._asked(registration, call, key) is None:
            return Stale(registration)
        if closed := self.closed(call):
            return closed
        previous = call.form.previous_before(key, registration.answers)
        if previous is None:
            return Stale(registration)
        return await self._go(registration, previous, registration.return_to_review)

    async def edit(self, registration: Registration, call: Call, key: str) -> Step:
        """Asks one answered question again, then returns to the review (or the record)."""
        if closed := self.closed(call):
            return closed
        applicable = {q.key: q for q in call.form.applicable(registration.answers)}
        question = applicable.get(key)
        if question is None or not (registration.is_draft or registration.is_active):
            return Stale(registration)
        await self.storage.users.set_active_registration(registration.user_id, registration.id)
        return await self._go(registration, question, True)

    async def leave(self, registration: Registration) -> None:
        """Stops answering (Cancel): the draft and its step stay for later."""
        await self.storage.users.set_active_registration(registration.user_id, None)
        if not registration.is_draft:
            now = self.clock.now()
            await self.storage.registrations.set_step(
                registration.id, None, now, return_to_review=False
            )

    async def discard(self, registration: Registration) -> bool:
        """Deletes a draft and its answers; False when it is not a draft any more."""
        if not registration.is_draft:
            return False
        await self.storage.registrations.delete(registration.id)
        return True

    async def submit(self, registration: Registration, call: Call) -> Step:
        """Turns a complete draft into a submission (or a waitlist place when full)."""
        if not registration.is_draft or registration.step != REVIEW_STEP:
            return Stale(registration)
        if closed := self.closed(call):
            return closed
        missing = call.form.first_missing(registration.answers)
        if missing is not None:
            return await self._go(registration, missing, True)
        repo = self.storage.registrations
        now = self.clock.now()
        answers = call.form.prune(registration.answers)
        async with self.storage.transaction():
            await repo.keep_only_answers(registration.id, answers)
            await self.seats.settle(call)  # whoever waits for a free seat gets it first
            status = seat_status(call.capacity, await repo.seats_taken(call.id))
            code = registration.reference_code or await self._unused_code()
            await repo.set_status(registration.id, status, now, reference_code=code)
            await self.storage.users.set_active_registration(registration.user_id, None)
            if self.directory is not None:
                await self.directory.record(call, replace(registration, answers=answers))
        submitted = await self._reload(registration)
        position = await self.waitlist_position(submitted)
        return Submitted(submitted, position)

    async def withdraw(
        self, registration: Registration, call: Call
    ) -> Closed | Stale | tuple[Registration, list[Registration]]:
        """Withdraws a registration; returns it and whoever moved up from the waitlist (each
        told through the outbox)."""
        if not registration.is_active:
            return Stale(registration)
        if closed := self.closed(call):
            return closed
        now = self.clock.now()
        promoted: list[Registration] = []
        async with self.storage.transaction():
            await self.storage.registrations.set_status(
                registration.id, RegistrationStatus.WITHDRAWN, now
            )
            if registration.status in HOLDS_SEAT:
                promoted = await self.seats.settle(call)
            user = await self.storage.users.get(registration.user_id)
            if user and user.active_registration_id == registration.id:
                await self.storage.users.set_active_registration(user.id, None)
            if self.directory is not None:
                await self.directory.withdrew(registration.user_id, call.id)
        return await self._reload(registration), promoted

    async def waitlist_position(self, registration: Registration) -> int | None:
        """1-based place in the call's waitlist, or None when not waitlisted."""
        if registration.status != RegistrationStatus.WAITLISTED:
            return None
        waiting = await self.storage.registrations.waitlist(registration.call_id)
        return waiting.index(registration.id) + 1 if registration.id in waiting else None

    def _asked(self, registration: Registration, call: Call, key: str) -> Question | None:
        """The question behind a button, if it is the one being asked right now."""
        if registration.step != key:
            return None
        return call.form.question(key)

    async def _store(
        self, registration: Registration, call: Call, question: Question, value: Answer | None
    ) -> Step:
        now = self.clock.now()
        await self.storage.registrations.save_answer(registration.id, question.key, value, now)
        # What was just written is known: no need to read it back (a trip per answer saved).
        registration = _answered(registration, question.key, value)
        answers = registration.answers
        following = None
        if not registration.return_to_review:
            following = call.form.next_after(question.key, answers)
        following = following or call.form.first_missing(answers)
        if following is not None:
            return await self._go(registration, following, registration.return_to_review)
        if registration.is_draft:
            await self.storage.registrations.set_step(
                registration.id, REVIEW_STEP, now, return_to_review=False
            )
            return Review(replace(registration, step=REVIEW_STEP, return_to_review=False))
        kept = call.form.prune(answers)
        await self.storage.registrations.keep_only_answers(registration.id, kept)
        if self.directory is not None:  # an edit of a submitted registration is saved
            await self.directory.record(call, replace(registration, answers=kept))
        await self.leave(registration)
        return Saved(await self._reload(registration))

    async def _go(self, registration: Registration, question: Question, to_review: bool) -> Ask:
        await self.storage.registrations.set_step(
            registration.id, question.key, self.clock.now(), return_to_review=to_review
        )
        return Ask(replace(registration, step=question.key, return_to_review=to_review), question)

    async def _reload(self, registration: Registration) -> Registration:
        fresh = await self.storage.registrations.get(registration.id)
        assert fresh is not None
        return fresh

    async def _unused_code(self) -> str:
        while True:
            code = new_reference_code()
            if not await self.storage.registrations.reference_code_taken(code):
                return code


def _answered(registration: Registration, key: str, value: Answer | None) -> Registration:
    """The registration as it is after storing (or, with None, clearing) one answer."""
    answers = {k: v for k, v in registration.answers.items() if k != key}
    if value is not None:
        answers[key] = value
    return replace(registration, answers=answers)


def _as_list(value: Answer | None) -> list[str]:
    return value if isinstance(value, list) else []
