"""Searching the directory of experts (/directory <text>, 🔎 on its screen), in English. Too
short and too long queries get /find's replies (find.too_short, find.too_long)."""

TEXTS: dict[str, str] = {
    "directory.button.search": "🔎 Search",
    "directory.search.prompt": (
        "🔎 Who are you looking for in the directory? Type a name, a phone number, an e-mail or"
        " any word from the profiles. With options ticked, only the people they select are"
        " searched."
    ),
    "directory.search.empty": (
        "Type what to look for after /directory: a name, a phone number, an e-mail or a word"
        " from the profiles. For example:\n/directory Sara Ahmadi"
    ),
    "directory.search.title": (
        "🔎 <b>The directory: “{query}”</b>\n{count} {count|person|people} found, page {page}"
        " of {pages}"
    ),
    "directory.search.among_ticked": "Only among the people the ticked options select.",
    "directory.search.none": (
        "Nobody in the directory matches “{query}”. Check the spelling, or type only part of"
        " the name or number."
    ),
    "directory.search.none_ticked": (
        "Nobody the ticked options select matches “{query}”. Clear the options on the"
        " directory's screen to search everyone, or type only part of the name or number."
    ),
}
