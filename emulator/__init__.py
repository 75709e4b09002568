"""A local stand-in for Telegram's Bot API, for end-to-end tests and trying the bot offline."""

from emulator.client import EmulatorClient
from emulator.server import EmulatorServer
from emulator.state import Emulator

__all__ = ["Emulator", "EmulatorClient", "EmulatorServer"]
