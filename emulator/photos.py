"""sendPhoto, as strict as the Bot API: a real image, within its size and shape limits.

The Bot API takes a photo as a multipart upload (at most 10 MB) or the file_id of a photo it
already has; the image's width and height may not exceed 10,000 together, nor one be more
than 20 times the other; a caption is at most 1,024 characters after its markup is parsed.
It answers with the photo in several sizes (thumbnails of at most 90, 320, 800, 1280 and
2560 pixels a side, up to the original). The emulator reads the size from the image's own
header (PNG, JPEG, GIF, WebP) and does not resample: every size holds the uploaded bytes.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from emulator.models import FileRecord, JsonDict, bad_request
from emulator.params import UploadedFile

if TYPE_CHECKING:
    from emulator.state import Emulator

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_SIDES = 10_000  # width + height
MAX_RATIO = 20
THUMBNAIL_SIDES = (90, 320, 800, 1280, 2560)
_MIME = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}


def image_size(data: bytes) -> tuple[str, int, int] | None:
    """(format, width, height) from an image's header; None when it is not one we can read."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return "png", width, height
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return "gif", width, height
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[str, int, int] | None:
    """The frame header (SOFn) of a JPEG holds its size; walk the segments to it."""
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length follows these
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        is_frame = 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC)
        if is_frame and at + 9 <= len(data):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return "jpeg", width, height
        at += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[str, int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
        return "webp", width, height
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return "webp", width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return "webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def check_photo(data: bytes) -> tuple[str, int, int]:
    """The image's format and size, or the error the Bot API gives for it."""
    if not data:
        raise bad_request("file must be non-empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise bad_request("PHOTO_SAVE_FILE_INVALID")
    found = image_size(data)
    if found is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    kind, width, height = found
    if width < 1 or height < 1:
        raise bad_request("IMAGE_PROCESS_FAILED")
    if width + height > MAX_SIDES or max(width, height) > MAX_RATIO * min(width, height):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return kind, width, height


def _sizes(width: int, height: int) -> list[tuple[int, int]]:
    """The sizes a photo is kept in: each thumbnail smaller than it, then the largest."""
    sizes = []
    for side in THUMBNAIL_SIDES:
        longest = max(width, height)
        if longest <= side:
            sizes.append((width, height))
            return sizes
        scale = side / longest
        sizes.append((max(1, round(width * scale)), max(1, round(height * scale))))
    return sizes


def _photo_size(record: FileRecord, width: int, height: int) -> JsonDict:
    return {
        "file_id": record.file_id,
        "file_unique_id": record.file_unique_id,
        "width": width,
        "height": height,
        "file_size": len(record.data),
    }


def uploaded_photo(emu: Emulator, upload: UploadedFile) -> list[JsonDict]:
    """Stores an uploaded photo (or refuses it as Telegram would); returns its sizes."""
    kind, width, height = check_photo(upload.data)
    name = f"photo.{'jpg' if kind == 'jpeg' else kind}"
    photo = []
    for w, h in _sizes(width, height):
        record = emu.new_file(upload.data, name, _MIME[kind], "photos")
        photo.append(_photo_size(record, w, h))
    for size in photo:  # any of its sizes' file_id sends the photo again
        emu.photo_sizes[size["file_id"]] = photo
    return photo
