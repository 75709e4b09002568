"""Moderated calls: admins accept or reject each submission; the volunteer is told."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.ui.callbacks import Action, Callback
from bot.ui.screens import Screen, admin_notices, button, registrant_card, rows
from handlers.admin_routing import admin_buttons, admin_call, admin_id
from handlers.common import notify, replace
from handlers.context import FarakhanContext


async def pending(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """The submissions of a call still waiting for a decision, oldest first."""
    call = await admin_call(update, context, callback.id)
    if call is None:
        return
    t = context.t
    waiting = await context.services.registrations.waiting_review(call.id)
    buttons = [
        [
            button(
                t("admin.pending.item", code=r.reference_code or "", at=t.date(r.submitted_at)),
                Action.ADMIN_REVIEW,
                r.id,
            )
        ]
        for r in waiting
        if r.submitted_at
    ]
    buttons.append([button(t("admin.button.back"), Action.ADMIN_CALL, call.id)])
    key = "admin.pending.title" if waiting else "admin.pending.none"
    await replace(update, context, Screen(t(key, title=t.title(call.spec.title)), rows(*buttons)))


async def review(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """One submission with its answers and Accept / Reject."""
    found = await context.services.registrations.with_person(callback.id)
    if found is None:
        await notify(update, context, context.t("button.invalid"), alert=True)
        return
    registration, call, user = found
    await replace(
        update, context, admin_notices.moderation_request(context.t, call, registration, user)
    )


async def decide(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Accept (1) or reject (0); the volunteer hears it in their language."""
    services = context.services
    found = await services.registrations.with_person(callback.id)
    if found is None or callback.index > 1:
        await notify(update, context, context.t("button.invalid"), alert=True)
        return
    registration, call, _ = found
    outcome = await services.admin.decide(
        admin_id(update), registration, call, bool(callback.index)
    )
    t = context.t
    if outcome is None:
        await notify(
            update,
            context,
            t("admin.decided.already", status=t(f"status.{registration.status}")),
            alert=True,
        )
        await replace(
            update,
            context,
            Screen(t("admin.decided.already", status=t(f"status.{registration.status}"))),
        )
        return
    decided, _ = outcome  # whoever moved up into a rejected seat is told by the service
    await services.notices.decided(call, decided)
    await replace(update, context, registrant_card.decided(t, call, decided))


def register(app: Application) -> None:
    app.add_handler(admin_buttons({
        Action.ADMIN_PENDING: pending, Action.ADMIN_REVIEW: review, Action.ADMIN_DECIDE: decide,
    }))  # fmt: skip
