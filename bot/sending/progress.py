"""A broadcast's progress for the admin who sent it: one message edited live, or milestones.

Telegram edits the one progress message (the outbox calls at most every few seconds). On
Bale, where edits are not dependable, a new message goes out at each quarter and at the end.
"""

from __future__ import annotations

from telegram import Bot

from bot.domain.broadcasts import Broadcast, DeliveryCounts
from bot.domain.messenger import Profile
from bot.domain.settings import Settings
from bot.ui.screens import admin as admin_screens
from bot.ui.texts import Translator


class ProgressReporter:
    def __init__(self, *, bot: Bot, settings: Settings, profile: Profile) -> None:
        self.bot = bot
        self.settings = settings
        self.profile = profile
        self._quarters: dict[int, int] = {}

    async def __call__(
        self,
        broadcast: Broadcast,
        counts: DeliveryCounts,
        rate: float | None,
        eta: float | None,
        done: bool,
    ) -> None:
        """Shows the progress, in the language of the admin who sent the broadcast."""
        lang = broadcast.payload.get("progress_language", self.settings.default_language)
        t = Translator(lang, self.settings.tz)
        screen = admin_screens.progress(t, broadcast, counts, rate, eta, done)
        text, parse_mode = self.profile.render(screen.text)
        chat = broadcast.progress_chat_id
        if self.profile.reliable_edits:
            await self.bot.edit_message_text(
                text,
                chat_id=chat,
                message_id=broadcast.progress_message_id,
                parse_mode=parse_mode,
            )
            return
        quarter = 4 if done else 4 * (counts.total - counts.left) // max(counts.total, 1)
        if quarter > self._quarters.get(broadcast.id, 0) and chat is not None:
            self._quarters[broadcast.id] = quarter
            await self.bot.send_message(chat, text, parse_mode=parse_mode)
