"""English texts, one module per part of the product."""

from bot.ui.texts.en import admin, directory, export, privacy, reminders, volunteer

TEXTS: dict[str, str] = {
    **volunteer.TEXTS,
    **admin.TEXTS,
    **export.TEXTS,
    **reminders.TEXTS,
    **privacy.TEXTS,
    **directory.TEXTS,
}
