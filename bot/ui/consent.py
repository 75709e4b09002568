"""Consent that means something: the text shown, its version, and what each person agreed to.

The version is a short hash of the words in every language, so changing the text makes a
new version by itself while registrations keep the version their volunteer agreed to.
"""

from __future__ import annotations

import hashlib
import json
from zoneinfo import ZoneInfo

from bot.domain.calls import Call
from bot.ui.texts import CATALOGS, Markup, Translator


def consent_texts(call: Call, retention_days: int, tz: ZoneInfo) -> dict[str, str]:
    """The consent text of a call in every language (the call's own, or the default)."""
    texts: dict[str, str] = {}
    for lang in CATALOGS:
        t = Translator(lang, tz)
        own = call.spec.consent
        body = (
            t("consent.body", body=t.pick(own))
            if own
            else t("consent.default", organiser=t.title(call.spec.organiser))
        )
        texts[lang] = Markup(f"{body}\n\n{t('consent.rights', days=retention_days)}")
    return texts


def consent_version(texts: dict[str, str]) -> str:
    """A short, stable fingerprint of the words."""
    payload = json.dumps(texts, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()[:12]
