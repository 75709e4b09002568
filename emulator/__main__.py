"""Command line: `serve` runs the Bot API emulator, `chat` is a terminal chat client, `demo`
runs the emulator, the real bot and a chat page in the browser (no token, no network)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from pathlib import Path

from bot.runtime.signals import stop_signal
from emulator.chat_cli import run_chat
from emulator.messengers import BEHAVIOURS
from emulator.models import DEFAULT_BOT_USERNAME
from emulator.server import EmulatorServer
from emulator.state import Emulator

logger = logging.getLogger(__name__)


async def serve(host: str, port: int, bot_username: str, messenger: str) -> None:
    """Run the emulator server until cancelled."""
    emulator = Emulator(bot_username=bot_username, messenger=messenger)
    server = EmulatorServer(emulator, host=host, port=port)
    await server.start()
    print(f"Bot API emulator at {server.url} (bot base_url {server.api_base_url})", flush=True)
    stop = stop_signal()
    try:
        await stop.wait()
    finally:
        await server.stop()


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the emulator command line."""
    parser = argparse.ArgumentParser(prog="python -m emulator", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    commands = parser.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser("serve", help="run the Bot API emulator")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8081)
    serve_cmd.add_argument("--bot-username", default=DEFAULT_BOT_USERNAME)
    serve_cmd.add_argument("--messenger", choices=sorted(BEHAVIOURS), default="telegram")
    demo_cmd = commands.add_parser(
        "demo", help="the bot on the emulator, with a chat page at http://127.0.0.1:8080"
    )
    demo_cmd.add_argument("--port", type=int, default=8080, help="the chat page's port")
    demo_cmd.add_argument("--api-port", type=int, default=8081, help="the Bot API's port")
    demo_cmd.add_argument(
        "--database", type=Path, default=None, help="SQLite file (data/demo/farakhan.db)"
    )
    demo_cmd.add_argument("--messenger", choices=sorted(BEHAVIOURS), default="telegram")
    chat_cmd = commands.add_parser("chat", help="chat with the bot as a Telegram user")
    chat_cmd.add_argument("--url", default="http://127.0.0.1:8081")
    chat_cmd.add_argument("--user", type=int, default=1001, help="your Telegram user id")
    chat_cmd.add_argument("--name", default="Sara", help="your first name")
    chat_cmd.add_argument("--lang", default="fa", help="your language_code")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    level = logging.DEBUG if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    with contextlib.suppress(KeyboardInterrupt):
        if args.command == "serve":
            asyncio.run(serve(args.host, args.port, args.bot_username, args.messenger))
        elif args.command == "demo":
            from emulator.demo import DEMO_DATABASE, run_demo  # the bot: only for a demo

            database = args.database or DEMO_DATABASE
            return asyncio.run(run_demo(args.port, args.api_port, database, args.messenger))
        else:
            asyncio.run(run_chat(args.url, args.user, args.name, args.lang or None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
