"""The statistics chart: sent as a photo under a call's statistics screen."""

from __future__ import annotations

import contextlib
import logging

from telegram import InputFile, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError

from bot.domain.calls import Call
from bot.domain.stats import CallStats
from bot.ui.charts import has_chart, stats_chart
from handlers.context import FarakhanContext

logger = logging.getLogger(__name__)


async def send_chart(
    update: Update, context: FarakhanContext, call: Call, numbers: CallStats
) -> None:
    """Registrations per day and the funnel as a picture, titled in the admin's language."""
    if not has_chart(numbers) or update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    t = context.t
    profile = context.services.profile
    if profile.supports("sendChatAction"):
        with contextlib.suppress(TelegramError):  # only a courtesy while it is drawn
            await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)
    picture = await stats_chart(t, call, numbers)
    caption, parse_mode = profile.render(t("chart.caption", title=t.title(call.spec.title)))
    try:
        await context.bot.send_photo(
            chat_id,
            InputFile(picture, filename=f"{call.slug}-stats.png"),
            caption=caption,
            parse_mode=parse_mode,
        )
    except TelegramError as error:  # the numbers are on the screen above; the picture is extra
        logger.warning("Could not send the chart of %s: %s", call.slug, error)
