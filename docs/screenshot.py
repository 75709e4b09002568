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
from tests.browser import CHROMIUM_ARGS, find_chromium, open_page
from tests.test_demo_page import register_until_the_choices

OUTPUT = Path(__file__).resolve().parent / "demo-registration.png"
ADMIN_OUTPUT = Path(__file__).resolve().parent / "demo-admin.png"


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


async def take_admin_screenshot(chromium: str, output: Path) -> None:
    """The admin's side in Persian: the deadline prompt (a Latin example and Persian digits
    in one line), the reminder times and the audit log, where directions used to scramble."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "demo.db"
        async with (
            demo_running(0, 0, database, poll_interval=0, timeout=1) as demo,
            async_playwright() as playwright,
        ):
            browser = await playwright.chromium.launch(
                executable_path=chromium, args=CHROMIUM_ARGS
            )
            admin = await open_page(browser, demo.page_url, height=1060, scale=1.5)
            await admin.becomes("مدیر")
            await admin.sends("/admin")
            await admin.presses("کارگروه ویژهٔ صیانت")
            await admin.presses("یادآوری‌ها")
            await admin.presses("زمان‌های یادآوری")
            await admin.sends("۳ روز، ۱ روز، ۶ ساعت")
            await admin.sees("ذخیره شد")
            await admin.sends("/admin")
            await admin.presses("کارگروه ویژهٔ صیانت")
            await admin.presses("تغییر مهلت")
            await admin.sees("مهلت فعلی")
            await admin.sends("/audit")
            await admin.sees("گزارش کارهای مدیران")
            await admin.page.wait_for_timeout(300)
            await admin.page.screenshot(path=str(output))
            await browser.close()


def main() -> int:
    chromium = find_chromium()
    if chromium is None:
        print("needs Chromium: sudo apt-get install -y chromium", file=sys.stderr)
        return 2
    asyncio.run(take_screenshot(chromium, OUTPUT))
    asyncio.run(take_admin_screenshot(chromium, ADMIN_OUTPUT))
    print(f"Wrote {OUTPUT} and {ADMIN_OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
