"""Finding people among every call's registrations (/find), in English."""

TEXTS: dict[str, str] = {
    "find.button.open": "🔎 Find people",
    "find.button.again": "🔎 New search",
    "find.button.previous": "◀️ Previous",
    "find.button.next": "Next ▶️",
    "find.prompt": (
        "🔎 Who are you looking for? Type a name, a phone number, an e-mail, a reference code"
        " or any word from the answers."
    ),
    "find.empty": (
        "Type what to look for after /find: a name, a phone number, an e-mail, a reference"
        " code or a word from the answers. For example:\n/find Sara Ahmadi"
    ),
    "find.too_short": "Type at least {min} {min|letter or digit|letters or digits} to search.",
    "find.too_long": (
        "That is too long to look up (over {max} {max|character|characters}). Type a name, a"
        " number, an e-mail or a code."
    ),
    "find.results": "<b>🔎 Search for “{query}”</b>\n{count} {count|registration|registrations} found.",
    "find.page": "Page {page} of {pages}",
    "find.line": "{number}. <b>{name}</b> — {status}\n{title}",
    "find.unnamed": "no name",
    "find.none": (
        "Nothing found for “{query}”. Check the spelling, or type only part of the name or number."
    ),
    "find.narrow": "Only the newest {shown} are listed here; add a word to narrow the search.",
    "find.expired": "That search is no longer at hand; please search again.",
}
