"""Regenerates docs/demo-registration.png: the demo's chat page mid-registration, in Persian.

Run from the project's root:  .venv/bin/python -m docs.screenshot
It starts the demo on free ports with a throw-away database, plays Sara through the first
questions in headless Chromium (Debian's `chromium`), and saves the picture. Persian text
looks best with a Persian font installed (fonts-noto-core has Noto Sans Arabic; emoji need
fonts-noto-color-emoji).
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from playwright.async_api import async_playwright

from emulator.demo import demo_running
from tests.test_demo_page import (
    CHROMIUM_ARGS,
    find_chromium,
    open_page,
    register_until_the_choices,
)

OUTPUT = Path(__file__).resolve().parent / "demo-registration.png"


async def take_screenshot(chromium: str, output: Path) -> None:
    """Plays the registration up to the ticked choices and saves the page as a PNG."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "demo.db"
        async with (
            demo_running(0, 0, database, poll_interval=0, timeout=1) as demo,
            async_playwright() as playwright,
        ):
            browser = await playwright.chromium.launch(
                executable_path=chromium, args=CHROMIUM_ARGS
            )
            you = await open_page(browser, demo.page_url, height=1060, scale=1.5)
            await register_until_the_choices(you)
            await you.page.wait_for_timeout(300)  # let the last edit settle on screen
            await you.page.screenshot(path=str(output))
            await browser.close()


def main() -> int:
    chromium = find_chromium()
    if chromium is None:
        print("needs Chromium: sudo apt-get install -y chromium", file=sys.stderr)
        return 2
    asyncio.run(take_screenshot(chromium, OUTPUT))
    print(f"Wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
