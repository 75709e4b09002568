"""The command line as a process of its own: `python -m bot …`, as an operator runs it."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIPE = asyncio.subprocess.PIPE


async def farakhan(
    *args: str, env: Mapping[str, str], output: int = PIPE
) -> asyncio.subprocess.Process:
    """Starts `python -m bot ARGS` in the project's folder, its stdout and stderr to `output`.

    The token and the API's address come from `env` alone, never from the shell that runs
    the tests: a developer's real token must not reach a test's bot.
    """
    clean = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "BOT_API_BASE_URL")}
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=ROOT,
        env={**clean, **env},
        stdout=output,
        stderr=output,
    )
