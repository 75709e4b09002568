"""Persian texts (the default language), one module per part of the product."""

from bot.ui.texts.fa import (
    admin,
    channels,
    directory,
    directory_search,
    export,
    find,
    overview,
    privacy,
    registrants,
    reminders,
    volunteer,
)

TEXTS: dict[str, str] = {
    **volunteer.TEXTS,
    **admin.TEXTS,
    **channels.TEXTS,
    **export.TEXTS,
    **reminders.TEXTS,
    **privacy.TEXTS,
    **find.TEXTS,
    **overview.TEXTS,
    **registrants.TEXTS,
    **directory.TEXTS,
    **directory_search.TEXTS,
}
