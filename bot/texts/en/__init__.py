"""English texts, one module per part of the product."""

from bot.texts.en import volunteer

TEXTS: dict[str, str] = {**volunteer.TEXTS}
