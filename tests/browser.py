"""A real browser for the demo's chat page: Debian's Chromium under Playwright, and the page
driven like a person would (persona buttons, typing, clicking, reading the bot's messages).

Chromium is installed with apt-get when it is missing and we are root; elsewhere the tests
that need it are skipped and say why.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    """Debian's chromium binary, if installed."""
    for candidate in (shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate:
            return candidate
    return None


def install_chromium() -> str:
    """Returns Debian's chromium, installing it with apt-get when we may; else skips."""
    found = find_chromium()
    if found:
        return found
    how = "install Debian's package: sudo apt-get install -y chromium"
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        pytest.skip(f"the browser test needs Chromium and cannot install it here; {how}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "chromium"]
    output = ""
    for commands in ([install], [["apt-get", "update", "-q"], install]):
        for command in commands:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
            output = (done.stdout + done.stderr)[-600:]
            if done.returncode != 0:
                break
        found = find_chromium()
        if found:
            return found
    pytest.skip(f"Chromium could not be installed with apt-get ({output.strip()}); {how}")


@asynccontextmanager
async def headless_chromium() -> AsyncIterator[object]:
    """Headless Chromium under Playwright (the package first: without it, nothing to install)."""
    playwright_api = pytest.importorskip(
        "playwright.async_api", reason="needs the playwright package: pip install -e '.[dev]'"
    )
    chromium = await asyncio.to_thread(install_chromium)
    async with playwright_api.async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


class ChatPage:
    """The demo's chat page, driven like a person would: persona buttons, typing, clicking."""

    def __init__(self, page) -> None:
        from playwright.async_api import expect

        self.page = page
        self.expect = expect
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    @property
    def last_bot_message(self):
        return self.page.locator(".msg.bot").last

    async def becomes(self, name: str) -> None:
        await self.page.locator(".persona", has_text=name).click()
        await self.expect(self.page.locator("#bot-status")).to_contain_text(f"شما: {name}")

    async def sends(self, text: str) -> None:
        """Types the text into the input and presses Enter; waits until it is in the chat."""
        await self.page.locator("#text").press_sequentially(text)
        await self.page.locator("#text").press("Enter")
        await self.expect(self.page.locator(".msg.user").last).to_contain_text(text[:40])

    async def presses(self, label: str) -> None:
        """Clicks the newest inline button whose text contains the label."""
        await self.page.locator(".inline-button", has_text=label).last.click()

    async def uses_key(self, label: str) -> None:
        """Clicks a button of the reply keyboard above the input."""
        await self.page.locator("#reply-keyboard .key", has_text=label).click()

    async def sees(self, text: str) -> None:
        """Waits until the bot's newest message contains the text."""
        await self.expect(self.last_bot_message).to_contain_text(text)


async def open_page(browser, url: str, height: int = 900, scale: float = 1) -> ChatPage:
    page = await browser.new_page(
        viewport={"width": 480, "height": height},
        device_scale_factor=scale,
        locale="fa-IR",
        timezone_id="Asia/Tehran",
    )
    await page.goto(url)
    return ChatPage(page)
