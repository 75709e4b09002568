"""Every handler, registered in one explicit order.

PTB runs at most one handler per group, groups in ascending order:

- GATE: groups and channels get a pointer to the private chat and go no further;
- WHO: the private chat's user is recorded and loaded (language, current step);
- FEATURES: commands, typed answers and buttons; within the group the first match wins,
  so feature modules come first and `fallback` (other kinds, edits, unknown buttons) last.
"""

from __future__ import annotations

from telegram.ext import Application

from handlers import fallback, form, gate, language, mine, start

GATE = -2
WHO = -1
FEATURES = 0


def register(app: Application) -> None:
    gate.register(app, gate_group=GATE, who_group=WHO)
    start.register(app)  # /start, call list, card, consent
    form.register(app)  # answers and the form's buttons, /cancel
    mine.register(app)  # /my, view, withdraw
    language.register(app)  # /language, /help
    fallback.register(app)  # must stay last in FEATURES
