"""Within: gentle daily reflections on self-trust. Run `python main.py --help`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from cli import content as content_cli
from cli import maintenance, service
from cli import safety as safety_cli
from cli.console import run_console
from cli.logs import configure_logging
from config.datafiles import ContentError
from config.settings import ConfigError, load_settings


def content_command(arguments: argparse.Namespace) -> tuple[int, str]:
    """Run a `content` action; return the exit code and what to print."""
    if arguments.action == "check":
        return content_cli.check()
    if arguments.action == "list":
        return content_cli.listing()
    return content_cli.show(arguments.id)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python main.py", description=__doc__)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("run", help="run the bot (the default)")
    commands.add_parser("worker", help="deliver reflections only, without answering messages")
    console = commands.add_parser("console", help="try the bot in this terminal, without a token")
    console.add_argument("--database", help="a DATABASE_URL to keep (default: a temporary one)")
    commands.add_parser("check", help="validate settings, database and content, then exit")
    db = commands.add_parser("db", help="database migrations")
    db_actions = db.add_subparsers(dest="action", metavar="ACTION", required=True)
    db_actions.add_parser("upgrade", help="apply every migration (run does this itself)")
    db_actions.add_parser("current", help="show the revision the database is at")
    content = commands.add_parser("content", help="check, list or show the reflections")
    content_actions = content.add_subparsers(dest="action", metavar="ACTION", required=True)
    content_actions.add_parser("check", help="validate the library; exit 1 on problems")
    content_actions.add_parser("list", help="print the journey in order")
    show = content_actions.add_parser("show", help="print one reflection as people see it")
    show.add_argument("id", help="the reflection's id (see `content list`)")
    safety = commands.add_parser("safety", help="measure how crisis language is noticed")
    safety_actions = safety.add_subparsers(dest="action", metavar="ACTION", required=True)
    safety_actions.add_parser("eval", help="recall per kind and false alarms on the labelled set")
    safety_actions.add_parser("train", help="fit the model beside the patterns on the dev texts")
    keys = commands.add_parser("keys", help="journal encryption keys")
    key_actions = keys.add_subparsers(dest="action", metavar="ACTION", required=True)
    key_actions.add_parser("new", help="print a new key to put first in JOURNAL_KEYS")
    key_actions.add_parser("rotate", help="re-encrypt every entry with the first key")
    key_actions.add_parser(
        "check", help="count the entries each key opens; exit 1 if any none opens"
    )
    return parser.parse_args(argv)


def read_line() -> str | None:
    """Read one line from standard input; None at its end."""
    line = sys.stdin.readline()
    return line if line else None


def main(argv: list[str]) -> int:
    """Dispatch a command; configuration errors exit 2 with one sentence."""
    arguments = parse_arguments(argv)
    command = arguments.command or "run"
    try:
        if command == "keys" and arguments.action == "new":
            print(maintenance.new_journal_key())
            return 0
        if command == "console":
            configure_logging("ERROR")  # a throwaway workspace: its key warning is noise here
            asyncio.run(run_console(arguments.database, read_line))
            return 0
        if command == "safety":
            run = safety_cli.training if arguments.action == "train" else safety_cli.evaluation
            code, output = run()
            print(output, file=sys.stdout if code in (0, 1) else sys.stderr)
            return code
        if command == "content":
            code, output = content_command(arguments)
            print(output, file=sys.stdout if code == 0 else sys.stderr)
            return code
        settings = load_settings(require_token=command in ("run", "worker", "check"))
        configure_logging(settings.log_level, settings.log_format)
        if command == "run":
            service.run_bot(settings)
        elif command == "worker":
            service.run_worker(settings)
        elif command == "check":
            print("\n".join(maintenance.check(settings)))
        elif command == "keys" and arguments.action == "check":
            lines, well = maintenance.check_journal_keys(settings)
            print("\n".join(lines))
            return 0 if well else 1
        elif command == "keys":
            count, refused = maintenance.rotate_journal_keys(settings)
            print(f"Re-encrypted {count} entries, plan parts and check-ins with the first key.")
            if refused:
                print(f"Left alone {refused} found in another person's or entry's place.")
        elif arguments.action == "upgrade":
            print(f"Database is at revision {maintenance.db_upgrade(settings)}.")
        else:
            print(f"Database is at revision {maintenance.db_current(settings)}.")
    except (ConfigError, ContentError) as error:
        print(error, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
