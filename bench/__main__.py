"""python -m bench run [SCENARIO …] [--size small|city] [--json OUT] [--rounds N]."""

from __future__ import annotations

import argparse
import sys

from .harness import SIZES, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser("run", help="run scenarios against their floors")
    run_parser.add_argument("scenarios", nargs="*", metavar="SCENARIO")
    run_parser.add_argument("--size", choices=SIZES, default="small")
    run_parser.add_argument("--json", dest="json_out", metavar="OUT")
    run_parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    return run(
        args.scenarios, size=args.size, rounds=args.rounds, json_out=args.json_out
    )


if __name__ == "__main__":
    sys.exit(main())
