"""Stopping on Ctrl-C or SIGTERM: the bot, the demo and the emulator alike."""

from __future__ import annotations

import asyncio
import contextlib
import signal


def stop_signal() -> asyncio.Event:
    """An event set when the process gets SIGINT or SIGTERM (where the loop can catch them).

    The caller waits on it and then closes what it opened: a plain Ctrl-C would instead
    interrupt whatever was running, a database write included.
    """
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        # Not every platform or thread can: then Ctrl-C stops it the usual way.
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    return stop
