"""A call's registrants, for admins, in English: the list, its filters, a registration's
card, and a message to one person."""

TEXTS: dict[str, str] = {
    "registrants.button.open": "👥 Registrants",
    "registrants.title": "👥 <b>Registrants of “{title}”</b>",
    "registrants.showing": "Showing: {filter}",
    "registrants.filters": "{status}; {answer}",
    "registrants.answer_filter": "{question} {option}",
    "registrants.status.all": "everyone who submitted",
    "registrants.status.draft": "unfinished",
    "registrants.status.submitted": "registered",
    "registrants.status.waitlisted": "waiting list",
    "registrants.status.accepted": "accepted",
    "registrants.status.rejected": "rejected",
    "registrants.status.withdrawn": "withdrawn",
    "registrants.count": "{count} {count|person|people}, page {page} of {pages}",
    "registrants.empty": "Nobody here.",
    "registrants.line": "{number}. {name} — {status} — {date}",
    "registrants.line_started": "{number}. {name} — {status} — started {date}",
    "registrants.unnamed": "(no name yet)",
    "registrants.button.previous": "◀️ Previous",
    "registrants.button.next": "Next ▶️",
    "registrants.button.filter": "🔎 Filter",
    "registrants.button.clear": "✖️ Show everyone",
    "registrants.button.back_to_list": "↩️ Back to the list",
    "registrants.filter.title": (
        "🔎 <b>Filter the registrants of “{title}”</b>\nNow showing: {filter}\n\n"
        "By status, or by the answer to a question:"
    ),
    "registrants.filter.status": "{status} ({count})",
    "registrants.filter.options": "🏷 “{question}”: which answer? (counted among: {filter})",
    "registrants.filter.any_answer": "✖️ Any answer",
    "registrants.card.title": "📇 <b>Registration card</b> — “{title}”",
    "registrants.card.person": "Messenger account: {name}, id {id}",
    "registrants.card.person_username": "Messenger account: {name} ({username}), id {id}",
    "registrants.card.status": "Status: {status}",
    "registrants.card.code": "Reference code: <code>{code}</code>",
    "registrants.card.no_code": "Reference code: none yet (the form was not sent)",
    "registrants.card.consent": "Consent: version <code>{version}</code>, given {at}",
    "registrants.card.no_consent": "Consent: not recorded",
    "registrants.card.history": "<b>History</b>",
    "registrants.card.earlier": "▫️ … and {count} earlier {count|change|changes}",
    "registrants.history.item": "▫️ {at} — {moment}",
    "registrants.moment.started": "started the form",
    "registrants.moment.restarted": "started again",
    "registrants.moment.submitted": "sent the form",
    "registrants.moment.waitlisted": "sent the form, onto the waiting list",
    "registrants.moment.promoted": "moved up from the waiting list",
    "registrants.moment.accepted": "accepted",
    "registrants.moment.rejected": "rejected",
    "registrants.moment.withdrawn": "withdrew",
    "registrants.card.answers": "<b>Answers</b>",
    "registrants.card.messages": "<b>Messages from the bot</b> ({count})",
    "registrants.card.no_messages": "<b>Messages from the bot</b>: none yet",
    "registrants.message.item": "▫️ {at} — {kind}",
    "registrants.message.item_status": "▫️ {at} — {kind} ({status})",
    "registrants.delivery.pending": "waiting to be sent",
    "registrants.delivery.sending": "being sent",
    "registrants.delivery.blocked": "they blocked the bot",
    "registrants.delivery.failed": "not delivered",
    "registrants.delivery.unknown": "may not have arrived",
    "registrants.button.all_answers": "📄 All answers, whole",
    "registrants.button.message": "✉️ Message this person",
    "registrants.button.list": "👥 Registrants",
    "registrants.button.card": "📇 Registration card",
    "registrants.button.send": "✅ Send",
    "registrants.message.prompt": (
        "✉️ Write your message to {name}. Only they get it, below a line saying it comes "
        "from the organisers of “{title}”. You will see it before it goes."
    ),
    "registrants.message.in_private": "Write to people from your private chat with the bot.",
    "registrants.message.preview": "👇 Preview: exactly what {name} will receive:",
    "registrants.message.confirm": "Send it?",
    "registrants.message.sent": "📤 Your message to {name} is on its way.",
    "registrants.message.too_long": (
        "That message is {length} {length|character|characters} long; a message to one person "
        "may have at most {max}. Shorten it and send it again."
    ),
    "registrants.message.gone": (
        "This registration is gone (the person may have erased their data); nothing was sent."
    ),
    "registrants.personal.header": "✉️ <b>A message from the organisers of “{title}”</b>",
    "audit.card": "opened a registration card",
    "audit.card_answers": "read a registration's answers in full",
    "audit.message": "wrote to one registrant",
    # /mydata's list of messages, and a card's (BroadcastKind.MESSAGE).
    "mydata.kind.message": "message from the organisers",
}
