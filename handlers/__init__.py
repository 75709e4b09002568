"""Every handler, registered in one explicit order.

PTB runs at most one handler per group, groups in ascending order:

- OWN: the bot's own messages (Soroush Plus returns them with the updates) are dropped;
- FLOOD: someone sending too fast gets one "slow down" and is then ignored for a while;
- GATE: groups and channels get a pointer to the private chat and go no further (except
  admins' buttons in ADMIN_CHAT_ID);
- WHO: the private chat's user is recorded and loaded (language, current step);
- ADMIN_INPUT: an admin in the middle of a wizard, an edit or a broadcast gets what they
  type routed there, before volunteers' handlers see it;
- FEATURES: commands, typed answers and buttons; within the group the first match wins,
  so feature modules come first and `fallback` (other kinds, edits, unknown buttons) last.
"""

from __future__ import annotations

from telegram.ext import Application

from handlers import (
    admin,
    admin_flows,
    admin_input,
    admin_reminders,
    broadcast,
    directory,
    directory_search,
    fallback,
    find,
    form,
    gate,
    language,
    mine,
    moderation,
    moves,
    privacy,
    registrants,
    start,
)

OWN = -5
FLOOD = -4
GATE = -3
WHO = -2
ADMIN_INPUT = -1
FEATURES = 0


def register(app: Application) -> None:
    gate.register(app, own_group=OWN, flood_group=FLOOD, gate_group=GATE, who_group=WHO)
    admin_input.register(app, group=ADMIN_INPUT)
    admin.register(app)  # /admin, /audit, call panel, stats, exports
    admin_flows.register(app)  # new-call wizard, field edits, deadline
    broadcast.register(app)  # segments, compose, send, /broadcasts, announce
    moderation.register(app)  # accept / reject
    registrants.register(app)  # a call's registrants, a registration's card, write to one
    admin_reminders.register(app)  # a call's reminders: schedule, times, audiences
    find.register(app)  # /find, 🔎: registrations of every call, by name, phone, code…
    moves.register(app)  # a moved deadline or meeting: tell the people it concerns, or not
    directory.register(app)  # /directory, invitations from it, leaving it or staying
    directory_search.register(app)  # /directory <text>, 🔎: entries by name, phone, e-mail…
    start.register(app)  # /start, call list, card, consent, remind me
    form.register(app)  # answers and the form's buttons, /cancel
    mine.register(app)  # /my, view, withdraw
    language.register(app)  # /language, /help
    privacy.register(app)  # /privacy, /mydata, /forget
    fallback.register(app)  # must stay last in FEATURES
