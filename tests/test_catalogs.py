"""The fa and en catalogs say the same things, and Persian reads as Persian."""

import re
from pathlib import Path

from bot.ui.callbacks import Action, Callback, parse_callback
from bot.ui.texts import CATALOGS, Translator, placeholders


def test_both_languages_have_every_key_with_the_same_placeholders() -> None:
    fa, en = CATALOGS["fa"], CATALOGS["en"]
    assert set(fa) == set(en)
    assert [k for k in fa if placeholders(fa[k]) != placeholders(en[k])] == []


def test_persian_texts_use_persian_letters_and_no_ascii_digits() -> None:
    for key, text in CATALOGS["fa"].items():
        assert "ي" not in text and "ك" not in text, key
        # Examples of what to type stay ASCII: addresses, ISO dates, short names (slugs).
        examples = r"name@example\.com|https?://\S+|example\.com|\+98\d+|\d{4}-\d\d-\d\dT[\d:]+"
        without_examples = re.sub(examples + r"|[a-z]+(?:-[a-z0-9]+)+|\b\d+[dhm]\b", "", text)
        assert not re.search(r"(?<![{\w])[0-9]", without_examples), key


def test_placeholders_are_escaped_and_numbers_localised() -> None:
    t = Translator("fa", None)
    text = t("answer.too_long", length=2100, max=2000)
    assert "۲۱۰۰" in text and "۲۰۰۰" in text
    # Escaped, and isolated so its direction cannot scramble the Persian line around it.
    assert t("phone.saved", phone="<b>x</b>") == "شماره ثبت شد: \u2068&lt;b&gt;x&lt;/b&gt;\u2069"


def test_callback_payloads_round_trip_and_forgeries_are_rejected() -> None:
    for callback in (
        Callback(Action.CHOOSE, 12, "registering_as", 1),
        Callback(Action.MY),
        Callback(Action.LANGUAGE, language="en"),
        Callback(Action.CALL, 3),
    ):
        assert parse_callback(callback.encode()) == callback
        assert len(callback.encode().encode()) <= 64
    for forged in (
        "",
        "opt:1:x",
        "opt:0:a:1",
        "opt:1:A:1",
        "call:1:2",
        "lang:de",
        "sub:-1",
        "view:1 ",
        "x" * 65,
        "drop table",
        "my:",
        "opt:1:a:100",
        "\u0000",
    ):
        assert parse_callback(forged) is None, forged


def test_every_text_the_code_asks_for_exists() -> None:
    """Literal catalog keys in the code (t("…"), Refusal("…"), AnswerError("…")) all exist."""
    root = Path(__file__).resolve().parent.parent
    pattern = re.compile(
        r"""(?:\bt|\btr|Refusal|AnswerError|screens\.prompt\(\s*context\.t,)\(?\s*"([a-z_]+\.[a-z_.]+)\""""
    )
    keys = {
        "admin.refused.slug",
        "admin.decided.accepted",
        "admin.decided.rejected",
        "admin.pending.title",
        "admin.pending.none",
        "admin.file.created",
        "admin.file.replaced",
        "notice.accepted",
        "notice.rejected",
    }  # chosen at run time
    for folder in ("bot", "handlers"):
        for path in (root / folder).rglob("*.py"):
            keys |= set(pattern.findall(path.read_text(encoding="utf-8")))
    missing = sorted(key for key in keys if key not in CATALOGS["fa"])
    assert missing == []


def test_english_says_one_thing_not_one_things() -> None:
    """With every number at 1, no English text reads "1 seconds" or "(1 places)"."""
    t = Translator("en", None)
    not_plurals = {"is", "has", "was", "this", "us", "status", "yes", "its", "takes"}
    wrong = {}
    for key, template in CATALOGS["en"].items():
        text = t(key, **{name: 1 for name in placeholders(template)})
        words = set(re.findall(r"\b1\s+(?:more\s+)?([a-z]+s)\b", text)) - not_plurals
        if words:
            wrong[key] = words
    assert wrong == {}
    assert t("admin.progress.eta", seconds=2) == "About 2 seconds left"
    assert (
        Translator("fa", None)("admin.audit.rows", count=2) == "۲ ردیف"
    )  # singular after numbers
