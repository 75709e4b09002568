"""`farakhan check` on a messenger with unconfirmed features: tries each, says which answered.

Nothing here fails the check: an unconfirmed feature that does not answer is what the
profile already assumes (it is left out). The features that need a chat are tried in the
private chat of the admin with the lowest id in ADMIN_IDS, who must have started the bot:
they see a few messages that say what they are (one with a button to the admin's home, the
phone button taken away again at the end).
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import TelegramError

from bot.domain.messenger import Profile
from bot.domain.settings import Settings
from bot.ui.callbacks import Action, button_data
from bot.ui.texts import Translator

# In the order they are reported; `deep_link` cannot be asked of the API.
FEATURES = ("deep_link", "setMyCommands", "sendChatAction", "editMessageText", "request_contact")
IN_A_CHAT = frozenset({"sendChatAction", "editMessageText", "request_contact"})
NAMES = {
    "deep_link": "deep link",
    "setMyCommands": "setMyCommands (command menu)",
    "sendChatAction": "sendChatAction (typing…)",
    "editMessageText": "editMessageText on a message with an inline keyboard",
    "request_contact": "a request_contact keyboard (phone button)",
}


async def unconfirmed(bot: Bot, profile: Profile, settings: Settings) -> list[str]:
    """One line per feature the profile has not confirmed: answered, refused or not tried."""
    wanted = [feature for feature in FEATURES if feature in profile.unconfirmed]
    if not wanted:
        return []
    found: dict[str, str] = {}
    if "deep_link" in wanted:
        found["deep_link"] = (
            "cannot be checked through the API: open a link by hand to learn its form; "
            "until then cards show the bot's @username and /start <slug>"
        )
    if "setMyCommands" in wanted:  # the menu set to what it already is: nothing changes
        found["setMyCommands"] = await _tried(_same_commands(bot))
    if IN_A_CHAT.intersection(wanted):
        found |= await _in_admin_chat(bot, profile, settings, IN_A_CHAT.intersection(wanted))
    lines = [f"unconfirmed on {profile.name} (docs/messengers.md), tried:"]
    return lines + [f"  {NAMES[feature]}: {found[feature]}" for feature in wanted]


async def _in_admin_chat(
    bot: Bot, profile: Profile, settings: Settings, features: frozenset[str]
) -> dict[str, str]:
    if not settings.admin_ids:
        return dict.fromkeys(features, "not tried: set ADMIN_IDS (an admin who started the bot)")
    chat = min(settings.admin_ids)
    t = Translator(settings.default_language, settings.tz)
    text, parse_mode = profile.render(t("check.probe"))
    home = InlineKeyboardButton(
        t("admin.button.home"), callback_data=button_data(Action.ADMIN_HOME)
    )
    keyboard = InlineKeyboardMarkup([[home]])  # the admin's home, should they press it
    try:
        sent = await bot.send_message(chat, text, parse_mode=parse_mode, reply_markup=keyboard)
    except TelegramError as error:
        return dict.fromkeys(features, f"not tried: cannot write to admin {chat} ({error})")
    found = {}
    if "sendChatAction" in features:
        found["sendChatAction"] = await _tried(bot.send_chat_action(chat, "typing"))
    if "editMessageText" in features:
        edited, parse_mode = profile.render(t("check.probe_edited"))
        edit = bot.edit_message_text(edited, chat, sent.message_id, parse_mode=parse_mode)
        found["editMessageText"] = await _tried(edit)
    if "request_contact" in features:
        text, parse_mode = profile.render(t("check.contact"))
        contact = KeyboardButton(t("button.share_contact"), request_contact=True)
        markup = ReplyKeyboardMarkup([[contact]], resize_keyboard=True, one_time_keyboard=True)
        found["request_contact"] = await _tried(
            bot.send_message(chat, text, parse_mode=parse_mode, reply_markup=markup)
        )
        text, parse_mode = profile.render(t("check.done"))
        removed = bot.send_message(
            chat, text, parse_mode=parse_mode, reply_markup=ReplyKeyboardRemove()
        )
        await _tried(removed)
    return found


async def _same_commands(bot: Bot) -> bool:
    return await bot.set_my_commands(await bot.get_my_commands())


async def _tried(request: Awaitable[Any]) -> str:
    try:
        await request
    except TelegramError as error:
        return f"refused ({error})"
    return "answered"
