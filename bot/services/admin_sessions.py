"""What an admin is typing for, step by step, kept in the database across restarts."""

from __future__ import annotations

import secrets
from datetime import tzinfo
from typing import Any

from bot.domain import wizard
from bot.domain.admin_sessions import AdminSession, Flow, Step
from bot.domain.clock import Clock
from bot.domain.refusal import Refusal
from storage import Storage


class AdminSessions:
    """Begins, steers and ends admins' conversations; the wizard's and the composer's steps."""

    def __init__(self, *, storage: Storage, clock: Clock, tz: tzinfo) -> None:
        self.storage = storage
        self.clock = clock
        self.tz = tz

    async def begin(
        self, admin_id: int, flow: Flow, step: Step = Step.TEXT, **data: Any
    ) -> AdminSession:
        """Starts a conversation (replacing any the admin had open)."""
        session = AdminSession(admin_id, flow, step, data)
        await self._save(session)
        return session

    async def current(self, admin_id: int) -> AdminSession | None:
        return await self.storage.admin_sessions.get(admin_id)

    async def at(self, admin_id: int, flow: Flow, step: Step) -> AdminSession | None:
        """The admin's conversation when it stands at `flow` and `step` (None: a stale button)."""
        session = await self.current(admin_id)
        if session is None or session.flow != flow or session.step != step:
            return None
        return session

    async def end(self, admin_id: int, flow: Flow | None = None) -> bool:
        """Ends the admin's conversation (only one in `flow`, if given); whether one ended."""
        return await self.storage.admin_sessions.end(admin_id, flow)

    async def _save(self, session: AdminSession) -> None:
        await self.storage.admin_sessions.save(session, self.clock.now())

    # The new-call wizard.

    async def wizard_typed(self, session: AdminSession, text: str, lang: str) -> Refusal | None:
        """Takes what the admin typed for the wizard's step and moves on (or says why not)."""
        taken = wizard.take(session.step, text, lang, self.tz, self.clock.now())
        if isinstance(taken, str):
            return Refusal(taken, {"max": wizard.LIMITS.get(session.step, 0)})
        field, value = taken
        if field == "slug" and await self.storage.calls.by_slug(value) is not None:
            return Refusal("admin.refused.slug_taken", {"slug": value})
        session.data[field] = value
        session.step = wizard.next_step(session.step)
        await self._save(session)
        return None

    async def wizard_form(
        self, session: AdminSession, form: dict[str, Any], directory: dict[str, Any] | None = None
    ) -> None:
        """The wizard's form (the template, or an uploaded one), and whether it asks for the
        directory of experts: on to the summary."""
        session.data["form"] = form
        session.data.pop("directory", None)
        if directory is not None:
            session.data["directory"] = directory
        session.step = Step.CONFIRM
        await self._save(session)

    async def wizard_template(self, session: AdminSession) -> None:
        """The working-group form, with its directory of experts."""
        template = wizard.working_group_form(self.tz)
        await self.wizard_form(session, template, wizard.working_group_directory(self.tz))

    async def skip_capacity(self, session: AdminSession) -> None:
        session.step = Step.FORM
        await self._save(session)

    # A broadcast being composed.

    async def composed(self, session: AdminSession, html: str) -> int:
        """The message is written: kept for confirmation under a new draft number, so that a
        Send pressed under an older preview does not send this one."""
        draft = secrets.randbelow(10**9) + 1
        session.step = Step.CONFIRM
        session.data.update(html=html, draft=draft)
        await self._save(session)
        return draft

    async def confirmed(
        self, admin_id: int, draft: int, flow: Flow = Flow.COMPOSE
    ) -> AdminSession | None:
        """The message composed in `flow` whose Send was pressed, ended; None when it is not
        that one."""
        session = await self.current(admin_id)
        if session is None or session.flow != flow or session.data.get("draft") != draft:
            return None
        await self.end(admin_id)
        return session
