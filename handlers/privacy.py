"""/privacy, /mydata and /forget: see the policy, take your data, erase it."""

from __future__ import annotations

import io

from telegram import InputFile, Update
from telegram.ext import Application, CommandHandler, filters

from bot.callbacks import Action, Callback
from bot.context import FarakhanContext
from bot.privacy import forget, my_data
from bot.screens import Screen, admin_notices, button, rows
from handlers.common import replace, reply
from handlers.routing import button_handler


async def privacy_command(update: Update, context: FarakhanContext) -> None:
    """What is collected, why, who sees it, how long it is kept, how to see and erase it."""
    settings = context.services.settings
    await reply(update, context, Screen(context.t("privacy.text", days=settings.retention_days)))


async def mydata_command(update: Update, context: FarakhanContext) -> None:
    """Everything the bot holds about the person, as a JSON file in their language."""
    assert context.volunteer is not None and update.effective_chat is not None
    services = context.services
    t = context.t
    content = await my_data(services.storage, context.volunteer.id, t, services.clock.now())
    caption, parse_mode = services.profile.render(t("mydata.caption"))
    await context.bot.send_document(
        update.effective_chat.id,
        InputFile(io.BytesIO(content), filename="my-data.json"),
        caption=caption,
        parse_mode=parse_mode,
    )


async def forget_command(update: Update, context: FarakhanContext) -> None:
    """Asks first: erasing cannot be undone."""
    t = context.t
    keyboard = rows(
        [button(t("forget.yes"), Action.FORGET_YES)], [button(t("button.no"), Action.MY)]
    )
    await reply(update, context, Screen(t("forget.confirm"), keyboard))


async def forget_confirmed(update: Update, context: FarakhanContext, callback: Callback) -> None:
    """Erases the person's data (after withdrawing open registrations) and says so."""
    assert context.volunteer is not None
    services = context.services
    t = context.t
    promoted = await forget(services.storage, services.journey, context.volunteer.id)
    for moved_up in promoted:
        call = await services.storage.calls.get(moved_up.call_id)
        if call is not None:
            await services.notices.to_user(
                moved_up.user_id,
                lambda tr, r=moved_up, c=call: admin_notices.promoted(tr, c, r),
                call.id,
            )
    context.volunteer = None  # nothing of them is left, not even their language
    await replace(update, context, Screen(t("forget.done")))


def register(app: Application) -> None:
    private = filters.ChatType.PRIVATE
    app.add_handler(CommandHandler("privacy", privacy_command, private))
    app.add_handler(CommandHandler("mydata", mydata_command, private))
    app.add_handler(CommandHandler("forget", forget_command, private))
    app.add_handler(button_handler({Action.FORGET_YES: forget_confirmed}))
