"""The callback context handlers receive: typed access to services and the volunteer."""

from __future__ import annotations

from telegram.ext import Application, CallbackContext

from bot.domain.models import User
from bot.sending.lenient import LenientBot
from bot.services.container import Services
from bot.ui.texts import Translator

SERVICES_KEY = "services"


class FarakhanContext(CallbackContext[LenientBot, dict, dict, dict]):
    """CallbackContext with the project's services and the current volunteer."""

    def __init__(
        self, application: Application, chat_id: int | None = None, user_id: int | None = None
    ) -> None:
        super().__init__(application, chat_id, user_id)
        self.volunteer: User | None = None
        self.query_answered = False

    @property
    def services(self) -> Services:
        return self.bot_data[SERVICES_KEY]

    @property
    def t(self) -> Translator:
        """Texts in the volunteer's language (the default language before we know them)."""
        settings = self.services.settings
        lang = self.volunteer.language if self.volunteer else settings.default_language
        return Translator(lang, settings.tz)

    def translator_for(self, user: User) -> Translator:
        """Texts for another user (e.g. someone moved up from the waitlist)."""
        return Translator(user.language, self.services.settings.tz)
