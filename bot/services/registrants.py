"""A call's registrants for its admins: the filtered list, one registration's card, and a
message to one person through the outbox. Every card opened and every message sent is in the
audit log, named by the registration's reference code (never by its answers)."""

from __future__ import annotations

from datetime import tzinfo

from bot.domain.admin_sessions import AdminSession
from bot.domain.broadcasts import BroadcastKind
from bot.domain.calls import Call
from bot.domain.clock import Clock
from bot.domain.forms import Question
from bot.domain.models import Registration, RegistrationStatus, User
from bot.domain.refusal import Refusal
from bot.domain.registrants import (
    HISTORY_SHOWN,
    MESSAGE_ROOM,
    MESSAGES_SHOWN,
    PAGE_SIZE,
    STATUS_FILTERS,
    BadListing,
    Card,
    ChoiceFilter,
    Listing,
    RegistrantPage,
    choice_filter,
    choice_questions,
    history,
    name_question,
    offered,
    page_count,
)
from bot.domain.segments import Segment, SegmentKind
from bot.domain.text import utf16_length
from bot.sending.outbox import Outbox
from bot.services.registrations import Registrations
from bot.ui.screens.registrant_card import personal_message
from bot.ui.texts import Translator
from storage import Storage
from storage.stats import StatsRepository

# Everyone who submitted: the statuses a submission can have become.
SUBMITTED_SINCE = tuple(s for s in RegistrationStatus if s != RegistrationStatus.DRAFT)

Person = tuple[Registration, Call, User]


def _key(choice: ChoiceFilter | None) -> tuple[str, str] | None:
    return None if choice is None else (choice.question.key, choice.option.value)


def who(registration: Registration) -> str:
    """How the audit log names a registration: its reference code (a draft has none yet)."""
    return registration.reference_code or f"#{registration.id}"


class Registrants:
    def __init__(self, *, storage: Storage, clock: Clock, outbox: Outbox, tz: tzinfo) -> None:
        self.storage = storage
        self.clock = clock
        self.outbox = outbox
        self.tz = tz

    # The list.

    async def page(self, call: Call, listing: Listing) -> RegistrantPage | None:
        """One page of the call's registrants under the listing's filter, newest first (the
        last page when the list has shrunk since); None for a question the form lacks."""
        try:
            choice = choice_filter(call.spec, listing)
        except BadListing:
            return None
        repo = self.storage.registrants
        count = await repo.count(call.id, listing.status, _key(choice))
        listing = listing.at(min(listing.page, page_count(count) - 1))
        name = name_question(call.spec)
        rows = await repo.page(
            call.id,
            listing.status,
            _key(choice),
            name.key if name else None,
            limit=PAGE_SIZE,
            offset=listing.page * PAGE_SIZE,
        )
        return RegistrantPage(listing, rows, count, choice)

    async def status_counts(
        self, call: Call, listing: Listing
    ) -> tuple[ChoiceFilter | None, dict[RegistrationStatus | None, int]] | None:
        """The listing's answer filter, and each status filter worth offering with how many
        it shows under that answer filter (None: everyone who submitted)."""
        try:
            choice = choice_filter(call.spec, listing)
        except BadListing:
            return None
        repo = self.storage.registrants
        key = _key(choice)
        if key is None:
            by_status = await self.storage.registrations.count_by_status(call.id)
        else:
            by_status = await repo.count_by_status(call.id, key)
        counts: dict[RegistrationStatus | None, int] = {None: await repo.count(call.id, None, key)}
        for status in STATUS_FILTERS:
            if status is None:
                continue
            count = by_status.get(status, 0)
            if offered(status, moderated=call.spec.moderated, count=count):
                counts[status] = count
        return choice, counts

    async def option_counts(
        self, call: Call, listing: Listing, question_index: int
    ) -> tuple[Question, dict[str, int]] | None:
        """A choice question with how many (under the listing's status) chose each option;
        None when the form has no choice question there."""
        question = dict(choice_questions(call.spec)).get(question_index)
        if question is None:
            return None
        statuses = SUBMITTED_SINCE if listing.status is None else (listing.status,)
        counts = await StatsRepository(self.storage.db).option_counts(
            call.id, question.key, statuses
        )
        return question, counts

    # One registration.

    async def person(self, registration_id: int) -> Person | None:
        """A registration with its call and the person (None: no such registration)."""
        return await Registrations(storage=self.storage).with_person(registration_id)

    async def card(self, admin_id: int, registration_id: int) -> Card | None:
        """Everything an admin's card shows; the opening is audited."""
        found = await self.person(registration_id)
        if found is None:
            return None
        registration, call, user = found
        moments = history(await self.storage.registrants.history(registration.id))
        messages, message_count = await self.storage.registrants.messages(user.id, MESSAGES_SHOWN)
        await self._audit(admin_id, "card", call, registration)
        return Card(
            call=call,
            registration=registration,
            user=user,
            history=moments[-HISTORY_SHOWN:],
            earlier=max(0, len(moments) - HISTORY_SHOWN),
            messages=messages,
            message_count=message_count,
        )

    async def answers(self, admin_id: int, registration_id: int) -> Person | None:
        """A registration for its answers shown whole; audited like the card."""
        found = await self.person(registration_id)
        if found is not None:
            registration, call, _ = found
            await self._audit(admin_id, "card_answers", call, registration)
        return found

    # A message to one person.

    def compose(self, call: Call, user: User, typed: str, html: str) -> str | Refusal:
        """The message as the person will get it (a line naming the call, in their language,
        then what the admin wrote), or why it cannot go."""
        length = utf16_length(typed)
        if length > MESSAGE_ROOM:
            return Refusal("registrants.message.too_long", {"max": MESSAGE_ROOM, "length": length})
        return personal_message(Translator(user.language, self.tz), call, html).text

    async def send(self, admin_id: int, session: AdminSession) -> Person | Refusal:
        """A confirmed message into the outbox, as one delivery; audited."""
        found = await self.person(session.data["registration_id"])
        if found is None:  # erased (/forget) while the admin was writing
            return Refusal("registrants.message.gone")
        registration, call, user = found
        now = self.clock.now()
        async with self.storage.transaction():
            await self.storage.outbox.create(
                BroadcastKind.MESSAGE,
                Segment(SegmentKind.CHATS, chat_ids=(user.id,)),
                {"text": session.data["html"]},
                now,
                call_id=call.id,
                created_by=admin_id,
            )
            await self._audit(admin_id, "message", call, registration)
        self.outbox.wake()
        return found

    async def _audit(
        self, admin_id: int, action: str, call: Call, registration: Registration
    ) -> None:
        await self.storage.audit.record(
            admin_id, action, self.clock.now(), call.id, who(registration)
        )
