"""`python -m bench broadcast [--recipients N] [--rate R]`: prints the figures."""

from __future__ import annotations

import argparse
import asyncio
import logging

from bench import broadcast


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("which", choices=["broadcast"])
    parser.add_argument("--recipients", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=25.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    figures = asyncio.run(broadcast.measure(args.recipients, args.rate))
    print(f"recipients          {figures.recipients}")
    print(f"configured rate     {figures.configured_rate:.1f} msg/s")
    print(
        f"achieved rate       {figures.achieved_rate:.2f} msg/s (ratio {figures.rate_ratio:.3f})"
    )
    print(f"429s received       {figures.too_many_requests}")
    print(f"duplicates          {figures.duplicates}")
    print(f"missing             {figures.missing}")
    print(
        f"volunteer reply     p50 {figures.reply_p50 * 1000:.0f} ms, "
        f"p99 {figures.reply_p99 * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
