"""The directory question in the bot's own words, for a call file that asks without its own."""

from __future__ import annotations

from bot.domain.localized import pick
from bot.domain.text import cut
from bot.ui.texts import CATALOGS, TITLE_ROOM


def directory_question(organiser: dict[str, str]) -> dict[str, str]:
    """The question in every language, naming the call's organiser.

    It becomes the label of a form question, which is plain text like any call file's (it is
    escaped where it is shown), so the catalog's words are filled here without markup.
    """
    return {
        lang: texts["directory.question"].format(organiser=cut(pick(organiser, lang), TITLE_ROOM))
        for lang, texts in CATALOGS.items()
    }
