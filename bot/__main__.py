"""The command line: `farakhan run | migrate | check | backup | db copy | calls import|list |
export`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.domain.settings import SettingsError, load_settings
from bot.runtime import logs

EXIT_USAGE = 2


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="farakhan", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="run the bot (polling, or --webhook)")
    run.add_argument(
        "--webhook", action="store_true", help="receive updates on WEBHOOK_URL instead of polling"
    )
    run.add_argument(
        "--emulator-port",
        type=int,
        default=8081,
        help="port of the local emulator used when BOT_TOKEN is not set",
    )
    commands.add_parser("migrate", help="create or upgrade the database")
    commands.add_parser("check", help="settings, database and API reachable, one line each")
    backup = commands.add_parser("backup", help="a consistent copy of the database")
    backup.add_argument("file", type=Path)
    database = commands.add_parser("db", help="move the database").add_subparsers(
        dest="db_command", required=True, metavar="ACTION"
    )
    copying = database.add_parser(
        "copy", help="copy a whole SQLite database into an empty PostgreSQL one"
    )
    copying.add_argument("source", help="sqlite:///path/to/farakhan.db")
    copying.add_argument("target", help="postgresql://user:password@host:port/database")
    calls = commands.add_parser("calls", help="manage calls").add_subparsers(
        dest="calls_command", required=True, metavar="ACTION"
    )
    importing = calls.add_parser("import", help="create or update a call from a YAML file")
    importing.add_argument("file", type=Path)
    importing.add_argument(
        "--force",
        action="store_true",
        help="import an open call even though its deadline has passed (it starts closed)",
    )
    calls.add_parser("list", help="list the calls")
    export = commands.add_parser("export", help="export a call's registrations")
    export.add_argument("slug")
    export.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    export.add_argument("--output", type=Path, required=True)
    export.add_argument(
        "--language",
        choices=["fa", "en"],
        default=None,
        help="language of choice labels and XLSX headings (default: DEFAULT_LANGUAGE)",
    )
    return root


def main(argv: list[str] | None = None) -> int:
    """Parses the command line and runs the command; returns the exit code."""
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"farakhan: {error}", file=sys.stderr)
        return EXIT_USAGE
    logs.configure(settings)
    from bot import cli  # imported late: `--help` and bad settings stay fast

    try:
        if args.command == "run":
            return asyncio.run(
                cli.run(settings, emulator_port=args.emulator_port, webhook=args.webhook)
            )
        if args.command == "check":
            return asyncio.run(cli.check(settings))
        if args.command == "backup":
            return asyncio.run(cli.backup(settings, args.file))
        if args.command == "migrate":
            return asyncio.run(cli.migrate(settings))
        if args.command == "db":
            return asyncio.run(cli.copy_database(args.source, args.target))
        if args.command == "calls" and args.calls_command == "import":
            return asyncio.run(cli.import_call(settings, args.file, force=args.force))
        if args.command == "calls":
            return asyncio.run(cli.list_calls(settings))
        return asyncio.run(
            cli.export(settings, args.slug, args.output, args.language, args.format)
        )
    except SettingsError as error:
        print(f"farakhan: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
