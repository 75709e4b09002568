"""Two conventional ways to broadcast, as their libraries document them: the pacing baselines.

- **PTB with AIORateLimiter**: python-telegram-bot's own throttle (its wiki "Avoiding flood
  limits"), left at its defaults (30 requests a second overall, 20 a minute per group), with
  `max_retries` so that a 429 is waited out and the request tried again; the broadcast is a
  loop awaiting one send after another.
- **aiogram's broadcast example** (`examples/broadcast_example.py`, aiogram 2.x): a loop that
  sends, sleeps a fixed 0.05 s ("20 messages per second"), and on a flood error sleeps its
  `retry_after` and sends again. aiogram is not a dependency of this project: the same loop
  is written here with PTB's plain `Bot` (no rate limiter), so only the pacing differs.
"""

from __future__ import annotations

import asyncio

from telegram import Bot
from telegram.error import RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bench.harness import TOKEN
from bot.sending.budget import seconds

RETRIES = 5  # AIORateLimiter's max_retries: enough that no send is lost to a 429 here
AIOGRAM_PAUSE = 0.05  # seconds between two sends in aiogram's example


def ptb_bot(api_base_url: str, retries: int = RETRIES) -> ExtBot[int]:
    """A PTB bot throttled by AIORateLimiter at its defaults."""
    return ExtBot(
        TOKEN,
        base_url=api_base_url,
        request=HTTPXRequest(connection_pool_size=8),
        rate_limiter=AIORateLimiter(max_retries=retries),
    )


async def ptb_loop(bot: Bot, chats: range | list[int], text: str) -> int:
    """Sends `text` to each chat in turn through the bot's rate limiter; how many went."""
    sent = 0
    for chat in chats:
        try:
            await bot.send_message(chat, text)
        except TelegramError:  # retries used up, or the chat refused: a conventional bot moves on
            continue
        sent += 1
    return sent


async def ptb_broadcast(api_base_url: str, chats: range, text: str) -> int:
    """A fresh AIORateLimiter bot broadcasting `text` in a loop."""
    bot = ptb_bot(api_base_url)
    async with bot:
        return await ptb_loop(bot, chats, text)


async def aiogram_broadcast(api_base_url: str, chats: range, text: str) -> int:
    """aiogram's documented broadcast loop, with PTB's plain Bot: how many went."""
    bot = Bot(TOKEN, base_url=api_base_url, request=HTTPXRequest(connection_pool_size=8))

    async def send(chat: int) -> bool:
        try:
            await bot.send_message(chat, text)
        except RetryAfter as error:  # "Flood limit is exceeded. Sleep N seconds." and again
            await asyncio.sleep(seconds(error))
            return await send(chat)
        except TelegramError:
            return False
        return True

    sent = 0
    async with bot:
        for chat in chats:
            if await send(chat):
                sent += 1
            await asyncio.sleep(AIOGRAM_PAUSE)
    return sent
