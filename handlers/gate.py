"""Before any feature: the bot's own messages are dropped, groups get a pointer to the private
chat, volunteers are remembered."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.services.flood import Verdict
from bot.ui.screens import Screen
from handlers.common import notify, reply
from handlers.context import FarakhanContext


async def drop_own_messages(update: Update, context: FarakhanContext) -> None:
    """The bot's own messages, which Soroush Plus is reported to return in getUpdates, go
    no further: answering them would answer ourselves."""
    user = update.effective_user
    if user is not None and user.id == context.bot.id:
        raise ApplicationHandlerStop


async def limit_floods(update: Update, context: FarakhanContext) -> None:
    """One person sending too fast gets one "slow down", then is ignored for a while."""
    user = update.effective_user
    if user is None:
        return
    verdict = context.services.flood.check(user.id)
    if verdict == Verdict.OK:
        return
    chat = update.effective_chat
    if verdict == Verdict.WARN and chat is not None and chat.type == ChatType.PRIVATE:
        await reply(update, context, Screen(context.t("flood.slow_down")))
    raise ApplicationHandlerStop


async def keep_groups_out(update: Update, context: FarakhanContext) -> None:
    """In groups and channels nothing is collected: commands get a pointer, the rest silence."""
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    if update.callback_query is not None and chat.id == context.services.settings.admin_chat_id:
        return  # moderation buttons in the admins' group; admin rights are checked on use
    message = update.message
    text = (message.text or "") if message else ""
    addressed = text.startswith("/") or f"@{context.bot.username}" in text
    if update.callback_query is not None:
        await notify(update, context, context.t("group.private_only_short"), alert=True)
    elif addressed and chat.type != ChatType.CHANNEL:
        entry = context.services.entry()
        link = entry.link or entry.handle  # no link known: the bot's @username, to open it
        await reply(update, context, Screen(context.t("group.private_only", link=link)))
    raise ApplicationHandlerStop


async def remember_volunteer(update: Update, context: FarakhanContext) -> None:
    """Records the private chat's user (name, last seen) and loads their language and step."""
    user = update.effective_user
    if user is None or user.is_bot:
        raise ApplicationHandlerStop
    services = context.services
    context.volunteer = await services.people.seen(
        user.id, first_name=user.first_name, last_name=user.last_name, username=user.username
    )


def register(
    app: Application, *, own_group: int, flood_group: int, gate_group: int, who_group: int
) -> None:
    app.add_handler(TypeHandler(Update, drop_own_messages), group=own_group)
    app.add_handler(TypeHandler(Update, limit_floods), group=flood_group)
    app.add_handler(TypeHandler(Update, keep_groups_out), group=gate_group)
    app.add_handler(TypeHandler(Update, remember_volunteer), group=who_group)
