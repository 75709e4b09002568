"""What volunteers read, in English. HTML for Telegram; {placeholders} are escaped."""

TEXTS: dict[str, str] = {
    "command.start": "Open calls",
    "command.my": "My registrations",
    "command.language": "Change language",
    "command.help": "Help",
    "command.cancel": "Pause the current registration (the draft is kept)",
    "start.welcome": (
        "Hello {name}! 👋\nHere you can register for participation calls — no e-mail needed."
    ),
    "start.calls": "These calls are open; tap one to read it.",
    "start.no_calls": "There are no open calls right now. When one is published, open its link here.",
    "start.unknown_call": (
        "No call matches this link; it may have been copied incompletely, or the call is no "
        "longer published."
    ),
    "start.someone": "there",
    "call.organiser": "🏛 Organiser: {organiser}",
    "call.invited": "👥 Invited:",
    "call.deadline_open": "⏳ Deadline: {deadline} ({left} left)",
    "call.deadline_passed": "⛔ The deadline was {deadline}; registration has ended.",
    "call.closed": "⛔ Registration for this call is closed.",
    "call.opens_later": "🕒 Registration opens on {opens}.",
    "call.capacity": "🪑 Places: {capacity} (then a waiting list)",
    "call.full": "🪑 Full: all places ({capacity}) are taken; if you register now, you join the waiting list.",
    "call.your_status": "📌 Your status: {status}",
    "button.register": "📝 Register",
    "button.register_again": "📝 Register again",
    "button.continue": "▶️ Continue registration",
    "button.view_mine": "📄 My registration",
    "button.full_answers": "📜 All answers in full",
    "button.call_text": "📜 The call's full text",
    "button.follow": "🔔 Remind me before the deadline",
    "button.unfollow": "🔕 Don't remind me",
    "follow.on": "OK — I'll remind you before the deadline.",
    "follow.off": "Reminders for this call are off.",
    "button.calls": "📋 Open calls",
    "consent.title": "<b>Before we start, please read</b>",
    "consent.default": (
        "For this call we ask the questions of the form (such as your name, mobile number, "
        "e-mail and views) so that “{organiser}” can contact you about the working group. "
        "Only the organiser of the call sees them, and they are used for nothing else. Until "
        "the deadline you can edit or withdraw your registration (/my)."
    ),
    "consent.question": "Do you agree?",
    "button.agree": "✅ I agree, let's start",
    "button.decline": "I don't agree",
    "consent.declined": (
        "That's fine — nothing about you was stored. If you change your mind, you can "
        "register until {deadline}."
    ),
    "question.progress": "Question {number} of {total}",
    "call.description": "{description}",
    "call.invited_item": "▫️ {group}",
    "consent.body": "{body}",
    "question.label": "{label}",
    "question.label_optional": "{label} <i>(optional)</i>",
    "question.help": "<i>{help}</i>",
    "button.keep": "✔️ Keep this answer",
    "button.my_registration": "↩️ Back to the registration",
    "review.item": "▫️ <b>{label}</b> {value}",
    "question.current": "Current answer: {value}",
    "question.chosen": "Your answer: {value}",
    "hint.text": "Type your answer (at most {max} {max|character|characters}).",
    "hint.long_text": "Type your answer; several lines are fine (at most {max} {max|character|characters}).",
    "hint.choice": "Tap one of the options.",
    "hint.multi_choice": "Tap as many options as apply, then “Confirm choices”.",
    "hint.multi_choice_at_least": "Tap at least {min} {min|option|options}, then “Confirm choices”.",
    "hint.multi_choice_exactly": "Tap exactly {count} of the options, then “Confirm choices”.",
    "hint.multi_choice_up_to": "Tap up to {max} of the options, then “Confirm choices”; or “Skip”.",
    "hint.multi_choice_range": "Tap {min} to {max} {max|option|options}, then “Confirm choices”.",
    "hint.email": "Type your e-mail address, e.g. name@example.com",
    "hint.phone": "Type the number (e.g. 09121234567) or tap “Send my number”.",
    "hint.number": "Type a number.",
    "hint.number_range": "Type a number from {min} to {max}.",
    "hint.url": "Type the address, e.g. example.com",
    "hint.consent": "Tap “I agree” to go on.",
    "hint.phone_typed": "Type the number, e.g. 09121234567.",
    "phone.keyboard": "📱 Or send this account's number with the button below.",
    "phone.saved": "Number saved: {phone}",
    "button.share_contact": "📱 Send my number",
    "button.skip": "⏭ Skip",
    "button.back": "↩️ Previous question",
    "button.cancel": "✖️ Pause",
    "button.done_choices": "✔️ Confirm choices",
    "button.consent_yes": "✅ I agree",
    "answer.empty": "The answer is empty; please type something.",
    "answer.too_long": "Your text has {length} {length|character|characters}; at most {max} {max|is|are} accepted. Please shorten it.",
    "answer.too_short": "That is short; please write at least {min} {min|character|characters}.",
    "answer.email_invalid": "That doesn't look like an e-mail address. Example: name@example.com",
    "answer.phone_invalid": "That number isn't valid. Send a mobile number like 09121234567 or +989121234567.",
    "answer.phone_not_mobile": "That looks like a landline, not a mobile. Please send a mobile number, like 09121234567 or +989121234567.",
    "answer.number_invalid": "That isn't a number; please type only a number, e.g. 12.",
    "answer.number_integer": "Please type a whole number (no decimals).",
    "answer.number_too_small": "The number must be at least {min}.",
    "answer.number_too_large": "The number must be at most {max}.",
    "answer.url_invalid": "That web address isn't valid. Example: https://example.com",
    "answer.use_buttons": "For this question, please tap one of the buttons below it.",
    "answer.choose_at_least": "Choose at least {min} {min|option|options}.",
    "answer.choose_at_most": "Choose at most {max} {max|option|options}.",
    "answer.toggle_at_most": "You can choose at most {max}; untick another option first to pick this one.",
    "answer.contact_not_own": "Please send your own number, not another contact's.",
    "answer.text_only": "I can only read text messages; please type your answer.",
    "review.title": "<b>Review your answers</b> — {title}",
    "review.footer": "If everything is right, tap “Confirm and send”.",
    "review.more": "… and {count} more {count|answer|answers} (see them all with “All answers in full”)",
    "review.use_buttons": "Your answers are complete; use the buttons below to confirm or edit.",
    "review.unanswered": "—",
    "button.submit": "✅ Confirm and send",
    "button.edit": "✏️ Edit",
    "button.back_to_review": "↩️ Back to review",
    "edit.pick": "Which answer would you like to change?",
    "submitted.ok": (
        "✅ You are registered for “{title}”. Thank you!\n"
        "Reference code: <code>{code}</code>\n"
        "Until {deadline} you can view, edit or withdraw it with /my."
    ),
    "submitted.waitlisted": (
        "“{title}” is full; you are number {position} on the waiting list. If a place frees "
        "up, we will tell you here.\n"
        "Reference code: <code>{code}</code>"
    ),
    "saved.ok": "✅ Change saved.",
    "cancel.kept": "Your answers are kept as a draft. Continue whenever you like.",
    "cancel.nothing": "There is no registration in progress.",
    "button.discard": "🗑 Discard draft",
    "discard.confirm": "Discard the draft for “{title}”? The answers you gave will be lost.",
    "button.discard_yes": "🗑 Yes, discard",
    "button.no": "No",
    "discard.done": "The draft was discarded.",
    "my.empty": "You haven't registered for any call yet. Open calls: /start",
    "my.title": "<b>Your registrations</b> — tap one for details:",
    "my.item": "{title} — {status}",
    "view.status": "Status: {status}",
    "view.code": "Reference code: <code>{code}</code>",
    "view.waitlist": "Place on the waiting list: {position}",
    "view.editable": "You can edit or withdraw until {deadline}.",
    "view.rejected": "The organisers reviewed this registration and did not accept it this time; it can no longer be changed.",
    "view.register_again": "You can register again until {deadline}.",
    "view.locked": "The deadline ({deadline}) has passed; the registration can only be viewed.",
    "button.withdraw": "🚫 Withdraw",
    "button.my": "↩️ My registrations",
    "withdraw.confirm": (
        "Are you sure you want to withdraw from “{title}”? You can register again until "
        "{deadline}, but your place is not kept."
    ),
    "button.withdraw_yes": "Yes, withdraw",
    "withdraw.done": "You have withdrawn from “{title}”.",
    "promoted": (
        "🎉 Good news! A place opened up in “{title}” and your registration moved off the "
        "waiting list.\nReference code: <code>{code}</code>"
    ),
    "status.draft": "unfinished",
    "status.submitted": "registered",
    "status.waitlisted": "on the waiting list",
    "status.accepted": "accepted",
    "status.rejected": "not accepted",
    "status.withdrawn": "withdrawn",
    "closed.deadline": (
        "The deadline for “{title}” was {deadline} and has passed; registering, editing and "
        "withdrawing are no longer possible. Your registration (if any) is visible in /my."
    ),
    "closed.not_yet": "Registration for “{title}” hasn't started yet; it opens on {opens}.",
    "closed.status": "Registration for “{title}” is closed. Your registration (if any) is in /my.",
    "button.stale": "That button belongs to an earlier step. Here is where you are:",
    "button.invalid": "This button isn't valid.",
    "not_understood": "I didn't understand that. Send /start to see the calls, /my for your registrations.",
    "edited_ignored": (
        "Editing an earlier message doesn't change your answer. To change an answer, use "
        "“Previous question”, or “Edit” on the review."
    ),
    "group.private_only": (
        "To register, please message me privately: {link}\nI collect nothing in groups."
    ),
    "group.private_only_short": "Buttons don't work in groups; please continue in a private chat with me.",
    "language.choose": "Choose the language of our conversation:",
    "language.set": "From now on we'll talk in English.",
    "help.text": (
        "<b>Help</b>\n"
        "/start — open calls and registration\n"
        "/my — your registrations: view, edit, withdraw\n"
        "/cancel — pause the registration you are in (answers are kept)\n"
        "/language — change language\n"
        "/privacy — privacy · /mydata — my data · /forget — erase my data\n\n"
        "At every question you can go back to the previous one, or pause and continue later."
    ),
    "error.generic": "Sorry, something went wrong. Please try again in a moment.",
}
