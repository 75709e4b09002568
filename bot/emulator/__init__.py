"""A local stand-in for Telegram's Bot API, for end-to-end tests and trying the bot offline."""

from bot.emulator.client import EmulatorClient
from bot.emulator.server import EmulatorServer
from bot.emulator.state import Emulator

__all__ = ["Emulator", "EmulatorClient", "EmulatorServer"]
