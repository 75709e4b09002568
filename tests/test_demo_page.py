"""`make demo`: the chat page in a real browser, the demo command, and the demo's sample call.

The browser test drives Debian's Chromium through Playwright (`tests/browser.py`): a
volunteer registers by clicking and typing, then the admin broadcasts and exports.
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from openpyxl import load_workbook

from bot.domain.calls import CallStatus
from emulator.demo import demo_running, open_sample_call
from storage import Storage
from storage.db import to_db
from tests.browser import ChatPage, headless_chromium, open_page

SLUG = "user-rights-working-group"
TEHRAN = ZoneInfo("Asia/Tehran")
ROOT = Path(__file__).resolve().parent.parent


# ----- a browser, and the story's steps -----------------------------------------------------


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    async with headless_chromium() as launched:
        yield launched


async def register_until_the_choices(sara: ChatPage) -> None:
    """Sara opens the call's link, agrees, answers two questions and ticks two fields."""
    await sara.page.get_by_role("button", name="باز کردن پیوند فراخوان").click()
    await sara.sees("کارگروه ویژهٔ صیانت از حقوق کاربران فضای مجازی")
    await sara.presses("ثبت‌نام")
    await sara.sees("با این شرایط موافقید؟")
    await sara.presses("موافقم، شروع کنیم")
    await sara.sees("نام و نام خانوادگی")
    await sara.sends("سارا احمدی")
    await sara.sees("به چه عنوان")
    await sara.presses("به‌عنوان فرد")
    await sara.sees("حوزهٔ تخصص شما")
    # Each tick edits the question in place: the same message, no new one.
    question = sara.page.locator(
        f".msg[data-message-id='{await sara.last_bot_message.get_attribute('data-message-id')}']"
    )
    count = await sara.page.locator(".msg").count()
    await sara.presses("حریم خصوصی و امنیت")
    await sara.expect(question).to_contain_text("☑️ حریم خصوصی و امنیت")
    await sara.presses("حقوق و قانون‌گذاری")
    await sara.expect(question).to_contain_text("☑️ حقوق و قانون‌گذاری")
    await sara.expect(question).to_contain_text("ویرایش‌شده")
    assert await sara.page.locator(".msg").count() == count


async def register_until_the_phone(sara: ChatPage) -> None:
    """Sara answers up to the phone question, where a reply keyboard offers her number."""
    await register_until_the_choices(sara)
    await sara.presses("تأیید انتخاب‌ها")
    await sara.expect(sara.page.locator("#reply-keyboard")).to_contain_text("ارسال شمارهٔ من")


# ----- the story -----------------------------------------------------------------------------


@pytest.mark.timeout(900)  # installing Chromium may take minutes; the test itself ~20 s
async def test_a_volunteer_registers_in_the_browser_and_the_admin_broadcasts_and_exports(
    browser, tmp_path: Path
) -> None:
    async with demo_running(0, 0, tmp_path / "demo.db", poll_interval=0, timeout=1) as demo:
        you = await open_page(browser, demo.page_url)
        page = you.page
        expect = you.expect
        await expect(page.locator("html")).to_have_attribute("dir", "rtl")
        await expect(page.locator(".persona .name")).to_have_text(["سارا", "رضا", "مینا", "مدیر"])
        await expect(page.locator("#empty")).to_be_visible()

        await register_until_the_phone(you)
        # The bot's HTML is rendered: the progress line is bold; every message has dir=auto.
        await expect(page.locator(".msg.bot b", has_text="سؤال ۴ از ۷")).to_be_visible()
        assert await page.locator(".msg .text:not([dir=auto])").count() == 0

        await you.uses_key("ارسال شمارهٔ من")
        await expect(page.locator(".msg.user").last).to_contain_text("+989121110001")
        await you.sees("نشانی ایمیل")
        await expect(page.locator("#reply-keyboard")).to_be_hidden()
        await you.sends("sara@example.com")
        await you.sees("نظرات و پیشنهادهای کارشناسی")
        hostile = "<script>window.hacked = 1</script> <b>حق</b> حریم خصوصی"
        await you.sends(hostile)
        await you.sees("بانک اطلاعات کارشناسان")  # the directory of experts: no
        await you.presses("رد شدن")
        await you.sees("مرور پاسخ‌ها")
        # What people type is shown as text, by the page and in the bot's review alike.
        await expect(page.locator(".msg.user").last).to_have_text(re.compile(re.escape(hostile)))
        await expect(you.last_bot_message).to_contain_text(hostile)
        assert await page.locator("#messages script, .msg.user b").count() == 0
        assert await page.evaluate("window.hacked") is None

        await you.presses("تأیید و ارسال")
        await you.sees("کد پیگیری")
        code = await you.last_bot_message.locator("code").inner_text()
        assert re.fullmatch(r"[A-Z0-9-]{4,}", code), code

        # A message the bot deletes disappears from the page.
        consent = page.locator(".msg.bot", has_text="با این شرایط موافقید؟")
        consent_id = int(await consent.get_attribute("data-message-id"))
        deleted = await demo.server.emulator.call_api(
            "deleteMessage", {"chat_id": 1001, "message_id": consent_id}
        )
        assert deleted.status == 200
        await expect(consent).to_have_count(0)

        # Telegram's formatting is rendered from the entities; only http(s) links get an href.
        rich = (
            "<b>پررنگ</b> <i>کج</i> <u>زیرخط</u> <s>خط‌خورده</s> <code>FK-1</code> "
            '<a href="https://example.org/x">پیوند</a> <a href="javascript:alert(1)">بد</a> '
            "<tg-spoiler>پنهان</tg-spoiler> <blockquote>نقل</blockquote> /my"
        )
        sent = await demo.server.emulator.call_api(
            "sendMessage", {"chat_id": 1001, "text": rich, "parse_mode": "HTML"}
        )
        assert sent.status == 200
        shown = you.last_bot_message.locator(".text")
        await expect(shown).to_contain_text("پررنگ کج زیرخط خط‌خورده FK-1 پیوند بد پنهان")
        formats = {"b": "پررنگ", "i": "کج", "u": "زیرخط", "s": "خط‌خورده", "code": "FK-1"}
        formats |= {".spoiler": "پنهان", "blockquote": "نقل"}
        for tag, text in formats.items():
            await expect(shown.locator(tag)).to_have_text(text)
        link = shown.locator("a", has_text="پیوند")
        assert await link.get_attribute("href") == "https://example.org/x"
        assert await shown.locator("a", has_text="بد").get_attribute("href") is None
        await shown.locator("a", has_text="/my").click()  # a /command in the text sends it
        await you.sees("ثبت‌نام‌های شما")

        # The admin: a message to everyone, then the registrations as CSV and Excel.
        await you.becomes("مدیر")
        await expect(page.locator(".msg")).to_have_count(0)
        await page.get_by_role("button", name="کنسول مدیر").click()
        await you.sees("پنل مدیریت فراخوان‌ها")
        await you.presses("پیام به همه")
        await you.presses("همهٔ کاربران")
        await you.sends("جلسهٔ نخست کارگروه شنبه برگزار می‌شود.")
        await you.presses("ارسال برای")
        badge = page.locator(".persona", has_text="سارا").locator(".badge")
        await expect(badge).to_be_visible(timeout=10_000)

        await you.sends("/admin")
        await you.presses("کارگروه ویژهٔ صیانت")
        await you.sees("وضعیت: باز")
        await you.presses("CSV")
        csv_link = page.locator("a.document", has_text=f"{SLUG}.csv")
        async with page.expect_download() as csv_download:
            await csv_link.click()
        rows = list(csv.DictReader(io.StringIO(await downloaded(csv_download, "csv"))))
        assert [(row["full_name"], row["email"]) for row in rows] == [
            ("سارا احمدی", "sara@example.com")
        ]
        await you.presses("اکسل")
        xlsx_link = page.locator("a.document", has_text=f"{SLUG}.xlsx")
        async with page.expect_download() as xlsx_download:
            await xlsx_link.click()
        sheet = load_workbook(io.BytesIO(await downloaded(xlsx_download, "xlsx"))).active
        assert "سارا احمدی" in [cell.value for row in sheet.iter_rows() for cell in row]

        # Back to Sara: her chat is as she left it, with the admin's message on top.
        await you.becomes("سارا")
        await you.sees("جلسهٔ نخست کارگروه شنبه برگزار می‌شود.")
        await expect(page.locator(".msg.bot code", has_text=code)).to_be_visible()
        await expect(badge).to_have_count(0)
        assert you.errors == []


async def downloaded(download_info, extension: str) -> str | bytes:
    """The downloaded file (text for CSV), after checking the name the browser was given."""
    download = await download_info.value
    assert download.suggested_filename == f"{SLUG}.{extension}"
    data = await asyncio.to_thread(Path(await download.path()).read_bytes)
    return data.decode("utf-8-sig") if extension == "csv" else data


async def test_an_english_message_s_buttons_run_left_to_right(browser, tmp_path: Path) -> None:
    """Buttons are laid out in their message's reading direction, not the page's."""
    async with demo_running(0, 0, tmp_path / "demo.db", poll_interval=0, timeout=1) as demo:
        you = await open_page(browser, demo.page_url)
        await you.sends("/language")
        await you.sees("زبان گفت‌وگو را انتخاب کنید")
        await you.expect(you.last_bot_message.locator(".inline-keyboard")).to_have_attribute(
            "dir", "rtl"
        )
        await you.presses("English")
        await you.sees("we'll talk in English")
        await you.sends(f"/start {SLUG}")
        await you.sees("Register")
        await you.expect(you.last_bot_message.locator(".inline-keyboard")).to_have_attribute(
            "dir", "ltr"
        )
        assert you.errors == []


# ----- the command, and the sample call across runs -----------------------------------------


def test_the_demo_command_prints_the_address_serves_the_page_and_stops_on_sigterm(
    tmp_path: Path,
) -> None:
    database = tmp_path / "demo.db"
    command = [sys.executable, "-m", "emulator", "demo", "--port", "0", "--api-port", "0"]
    demo = subprocess.Popen(
        [*command, "--database", str(database)],
        cwd=ROOT,
        env={**os.environ, "BOT_TOKEN": "", "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = demo.stdout.readline()
        found = re.search(r"open (http://127\.0\.0\.1:\d+) in your browser.*Ctrl-C stops it", line)
        assert found, line
        page = httpx.get(found.group(1), timeout=5)
        assert page.status_code == 200 and '<script src="/web/chat.js">' in page.text
        config = httpx.get(f"{found.group(1)}/_emu/page", timeout=5).json()
        assert config["start_payload"] == SLUG
        assert [p["role"] for p in config["personas"]].count("admin") == 1
        demo.send_signal(signal.SIGTERM)
        out, err = demo.communicate(timeout=15)
    finally:
        if demo.poll() is None:
            demo.kill()
    assert demo.returncode == 0, err
    assert "stopped" in out and "Traceback" not in err


async def test_the_sample_call_stays_open_with_its_deadline_ahead_and_data_kept(
    tmp_path: Path,
) -> None:
    database = tmp_path / "demo.db"
    now = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
    call = await open_sample_call(database, TEHRAN, now)
    assert call.status == CallStatus.OPEN and call.opens_at <= now
    assert call.deadline_at.astimezone(TEHRAN).hour == 18
    assert timedelta(days=4) < call.deadline_at - now < timedelta(days=6)

    storage = await Storage.open(database)
    passed = to_db(now - timedelta(days=1))  # as if the bot closed it at its deadline
    await storage.db.execute("UPDATE calls SET status = ?, deadline_at = ?", ("closed", passed))
    await storage.users.seen(
        1001, first_name="سارا", last_name=None, username=None, default_language="fa", now=now
    )
    await storage.close()

    later = now + timedelta(days=10)
    again = await open_sample_call(database, TEHRAN, later)
    assert again.id == call.id and again.status == CallStatus.OPEN
    assert again.deadline_at - later > timedelta(days=4)
    unchanged = await open_sample_call(database, TEHRAN, later + timedelta(hours=1))
    assert unchanged.deadline_at == again.deadline_at
    storage = await Storage.open(database)
    try:
        assert await storage.db.fetch_value("SELECT count(*) FROM users") == 1
    finally:
        await storage.close()
