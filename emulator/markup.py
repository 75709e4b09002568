"""Telegram-style HTML parse_mode: validates markup and returns plain text plus entities."""

from __future__ import annotations

import re
from dataclasses import dataclass

from emulator.models import JsonDict, utf16_len

_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_NAME_CHARS = re.compile(r"[A-Za-z0-9-]*")
_ATTR_NAME = re.compile(r"[A-Za-z0-9_-]+")
_NUMERIC_ENTITY = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,9}));")
_NAMED_ENTITY = re.compile(r"&([A-Za-z]{1,8});")


class HtmlParseError(ValueError):
    """The text is not valid Telegram HTML; the message mirrors Telegram's wording."""


@dataclass
class _OpenTag:
    """A start tag waiting for its end tag."""

    name: str
    attrs: dict[str, str]
    offset: int  # UTF-16 offset in the plain text


def _byte_offset(source: str, index: int) -> int:
    """Return the UTF-8 byte offset of a character index, as Telegram reports positions."""
    return len(source[:index].encode("utf-8"))


def _decode_entity(source: str, index: int) -> tuple[str, int] | None:
    """Decode the HTML entity at index; return (text, next index) or None when invalid."""
    numeric = _NUMERIC_ENTITY.match(source, index)
    if numeric:
        hex_digits, dec_digits = numeric.groups()
        code = int(hex_digits, 16) if hex_digits else int(dec_digits)
        if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            return None
        return chr(code), numeric.end()
    named = _NAMED_ENTITY.match(source, index)
    if named and named.group(1).lower() in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[named.group(1).lower()], named.end()
    return None


def _decode_value(value: str) -> str:
    """Decode entities inside an attribute value, leaving invalid ones as written."""
    out: list[str] = []
    i = 0
    while i < len(value):
        if value[i] == "&":
            decoded = _decode_entity(value, i)
            if decoded is not None:
                out.append(decoded[0])
                i = decoded[1]
                continue
        out.append(value[i])
        i += 1
    return "".join(out)


def _parse_attrs(source: str, i: int, begin: int) -> tuple[dict[str, str], int]:
    """Parse attributes of a start tag from index i; return them and the index after '>'."""
    attrs: dict[str, str] = {}
    n = len(source)
    while True:
        while i < n and source[i].isspace():
            i += 1
        if i >= n:
            raise HtmlParseError(
                f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
            )
        if source[i] == ">":
            return attrs, i + 1
        if source[i] == "/" and i + 1 < n and source[i + 1] == ">":
            return attrs, i + 2
        name_match = _ATTR_NAME.match(source, i)
        if not name_match:
            raise HtmlParseError(
                f"Empty attribute name in the tag at byte offset {_byte_offset(source, begin)}"
            )
        name = name_match.group(0).lower()
        i = name_match.end()
        value = ""
        if i < n and source[i] == "=":
            i += 1
            if i < n and source[i] in "\"'":
                quote = source[i]
                end = source.find(quote, i + 1)
                if end == -1:
                    raise HtmlParseError(
                        f"Unclosed start tag at byte offset {_byte_offset(source, begin)}"
                    )
                value = source[i + 1 : end]
                i = end + 1
            else:
                start = i
                while i < n and not source[i].isspace() and source[i] != ">":
                    i += 1
                value = source[start:i]
        attrs[name] = _decode_value(value)


def _make_entity(tag: _OpenTag, end_offset: int, source: str) -> JsonDict | None:
    """Build the MessageEntity for a closed tag, or None when it carries no entity."""
    length = end_offset - tag.offset
    entity_type = _ENTITY_TYPES[tag.name]
    if tag.name == "blockquote" and "expandable" in tag.attrs:
        entity_type = "expandable_blockquote"
    entity: JsonDict = {"type": entity_type, "offset": tag.offset, "length": length}
    if tag.name == "a":
        href = tag.attrs.get("href", "")
        if not href:
            return None
        entity["url"] = href
    elif tag.name == "tg-emoji":
        emoji_id = tag.attrs.get("emoji-id", "")
        if not emoji_id.isdigit():
            raise HtmlParseError('Tag "tg-emoji" must have attribute "emoji-id"')
        entity["custom_emoji_id"] = emoji_id
    elif tag.name == "pre" and tag.attrs.get("_language"):
        entity["language"] = tag.attrs["_language"]
    if length == 0:
        return None
    return entity


def _start_tag(source: str, i: int, offset: int) -> tuple[_OpenTag, int]:
    """Parse a start tag at index i; return the open tag and the index after it."""
    name_match = _TAG_NAME_CHARS.match(source, i + 1)
    name = name_match.group(0).lower() if name_match else ""
    if name not in _ENTITY_TYPES:
        raise HtmlParseError(
            f'Unsupported start tag "{name}" at byte offset {_byte_offset(source, i)}'
        )
    attrs, after = _parse_attrs(source, name_match.end() if name_match else i + 1, i)
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise HtmlParseError('Tag "span" must have class "tg-spoiler"')
    return _OpenTag(name=name, attrs=attrs, offset=offset), after


def parse_html(source: str) -> tuple[str, list[JsonDict]]:
    """Parse Telegram HTML into (plain text, entities); raise HtmlParseError like Telegram."""
    out: list[str] = []
    offset = 0
    stack: list[_OpenTag] = []
    entities: list[JsonDict] = []
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "&":
            decoded = _decode_entity(source, i)
            if decoded is None:
                raise HtmlParseError(
                    f"Unsupported HTML entity at byte offset {_byte_offset(source, i)}"
                )
            out.append(decoded[0])
            offset += utf16_len(decoded[0])
            i = decoded[1]
        elif ch != "<":
            out.append(ch)
            offset += utf16_len(ch)
            i += 1
        elif i + 1 < n and source[i + 1] == "/":
            end = source.find(">", i)
            if end == -1:
                raise HtmlParseError(f"Unclosed end tag at byte offset {_byte_offset(source, i)}")
            name = source[i + 2 : end].strip().lower()
            if not stack:
                raise HtmlParseError(
                    f"Unexpected end tag at byte offset {_byte_offset(source, i)}"
                )
            tag = stack.pop()
            if name != tag.name:
                raise HtmlParseError(
                    f"Unmatched end tag at byte offset {_byte_offset(source, i)}, "
                    f'expected "</{tag.name}>", found "</{name}>"'
                )
            language = tag.attrs.get("class", "")
            parent = stack[-1] if stack else None
            if (
                tag.name == "code"
                and parent is not None
                and parent.name == "pre"
                and language.startswith("language-")
            ):
                parent.attrs["_language"] = language.removeprefix("language-")
            else:
                entity = _make_entity(tag, offset, source)
                if entity is not None:
                    entities.append(entity)
            i = end + 1
        else:
            tag, i = _start_tag(source, i, offset)
            stack.append(tag)
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities
