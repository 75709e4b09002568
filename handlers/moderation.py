"""Moderated calls: admins accept or reject each submission; the volunteer is told."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application

from bot.callbacks import Action, Callback
from bot.context import FarakhanContext
from bot.screens import Screen, admin_notices, button, rows
from handlers.admin_routing import admin_buttons, admin_call, admin_id
from handlers.common import notify, replace


async def pending(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """The submissions of a call still waiting for a decision, oldest first."""
    call = await admin_call(update, context, callback.id)
    if call is None:
        return
    t = context.t
    storage = context.services.storage
    waiting = [r for r in await storage.registrations.by_status(call.id, "submitted")][:30]
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
    await replace(update, context, Screen(t(key, title=t.pick(call.spec.title)), rows(*buttons)))


async def review(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """One submission with its answers and Accept / Reject."""
    storage = context.services.storage
    registration = await storage.registrations.get(callback.id)
    if registration is None:
        await notify(update, context, context.t("button.invalid"), alert=True)
        return
    call = await admin_call(update, context, registration.call_id)
    user = await storage.users.get(registration.user_id)
    if call is None or user is None:
        return
    await replace(
        update, context, admin_notices.moderation_request(context.t, call, registration, user)
    )


async def decide(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Accept (1) or reject (0); the volunteer hears it in their language."""
    services = context.services
    registration = await services.storage.registrations.get(callback.id)
    call = registration and await services.storage.calls.get(registration.call_id)
    if registration is None or call is None or callback.index > 1:
        await notify(update, context, context.t("button.invalid"), alert=True)
        return
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
    decided, promoted = outcome
    await services.notices.to_user(
        decided.user_id, lambda tr: admin_notices.decided(tr, call, decided), call.id
    )
    for moved_up in promoted:
        await services.notices.to_user(
            moved_up.user_id, lambda tr, r=moved_up: admin_notices.promoted(tr, call, r), call.id
        )
    key = "admin.decided.accepted" if callback.index else "admin.decided.rejected"
    await replace(
        update,
        context,
        Screen(t(key, code=decided.reference_code or "", title=t.pick(call.spec.title))),
    )


def register(app: Application) -> None:
    app.add_handler(admin_buttons({
        Action.ADMIN_PENDING: pending, Action.ADMIN_REVIEW: review, Action.ADMIN_DECIDE: decide,
    }))  # fmt: skip
