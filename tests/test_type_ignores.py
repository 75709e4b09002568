"""Types are checked everywhere: a `# type: ignore[code]` names its code and says why."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = re.compile(r"#\s*type:\s*ignore(\[[^\]]*\])?(.*)$")


def test_every_type_ignore_names_its_code_and_gives_a_reason() -> None:
    bare = []
    for package in ("bot", "handlers", "storage", "emulator"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if (found := IGNORE.search(line)) is None:
                    continue
                code, rest = found.groups()
                if not code or not rest.strip().lstrip("#").strip():
                    bare.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert bare == []
