"""sendPhoto in the emulator: uploaded as multipart, checked as strictly as the Bot API."""

from __future__ import annotations

import struct
import zlib

import httpx
import pytest
from telegram.error import BadRequest
from telegram.ext import Application

from emulator import Emulator, EmulatorClient, EmulatorServer
from emulator.photos import image_size

USER = 1001


def png(width: int, height: int, *, padding: int = 0) -> bytes:
    """A PNG of one grey pixel row per line (the emulator reads only its header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(min(height, 4))))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows)
        + chunk(b"tEXt", b"pad\x00" + b"x" * padding) + chunk(b"IEND", b"")
    )  # fmt: skip


async def test_a_photo_is_kept_in_sizes_and_can_be_downloaded(
    app: Application, emu: Emulator, client: EmulatorClient
) -> None:
    emu.send_message(USER, "hi")
    data = png(1200, 900)
    message = await app.bot.send_photo(
        USER, photo=data, caption="<b>نمودار</b> ثبت‌نام", parse_mode="HTML"
    )
    sizes = [(p.width, p.height) for p in message.photo]
    assert sizes == [(90, 68), (320, 240), (800, 600), (1200, 900)]
    assert message.caption == "نمودار ثبت‌نام"
    assert [e.type for e in message.caption_entities] == ["bold"]
    view = (await client.messages(USER)).from_bot()[-1]
    assert view.kind == "photo" and view.text == "نمودار ثبت‌نام"
    assert [(p["width"], p["height"]) for p in view.photo] == sizes
    assert await client.download_file(view.photo[-1]["file_id"]) == data
    again = await app.bot.send_photo(USER, photo=message.photo[0].file_id)
    assert [p.file_id for p in again.photo] == [p.file_id for p in message.photo]


async def test_a_photo_is_refused_as_telegram_refuses_it(app: Application, emu: Emulator) -> None:
    emu.send_message(USER, "hi")
    refusals = [
        (png(9000, 1001), "PHOTO_INVALID_DIMENSIONS"),  # more than 10,000 together
        (png(2100, 100), "PHOTO_INVALID_DIMENSIONS"),  # more than 20 to 1
        (png(100, 100, padding=10 * 1024 * 1024), "PHOTO_SAVE_FILE_INVALID"),  # over 10 MB
        (b"%PDF-1.4 not an image", "IMAGE_PROCESS_FAILED"),
    ]
    for data, error in refusals:
        with pytest.raises(BadRequest, match=f"(?i){error}"):
            await app.bot.send_photo(USER, photo=data)
    with pytest.raises(BadRequest, match=r"(?i)message caption is too long"):
        await app.bot.send_photo(USER, photo=png(10, 10), caption="ب" * 1025)
    with pytest.raises(BadRequest, match=r"(?i)wrong file identifier"):
        await app.bot.send_photo(USER, photo="AgACAgIAAxkBAAIB-no-such-photo")
    assert [m for m in emu.messages(USER) if m["kind"] == "photo"] == []
    assert await app.bot.send_photo(USER, photo=png(10, 10), caption="ب" * 1024)


async def test_a_photo_needs_a_file(server: EmulatorServer, emu: Emulator) -> None:
    emu.send_message(USER, "hi")
    async with httpx.AsyncClient() as http:
        answer = await http.post(
            f"{server.api_base_url}123:TEST/sendPhoto", data={"chat_id": USER}
        )
    assert answer.json()["description"] == "Bad Request: there is no photo in the request"


def test_the_size_is_read_from_each_kind_of_header() -> None:
    assert image_size(png(640, 480)) == ("png", 640, 480)
    assert image_size(b"GIF89a" + struct.pack("<HH", 31, 17) + b"\x00" * 8) == ("gif", 31, 17)
    jpeg = (
        b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x00" * 9
        + b"\xff\xc0" + struct.pack(">HBHH", 17, 8, 480, 640) + b"\x00" * 12
    )  # fmt: skip
    assert image_size(jpeg) == ("jpeg", 640, 480)
    assert image_size(b"not an image at all") is None
