"""The directory's screens: /directory for admins (counts, filters, pages, an entry), an
invitation from a call's panel, and a person's own entry in /my."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from bot.domain.calls import Call
from bot.domain.directory import (
    PAGE_SIZE,
    EntriesPage,
    Entry,
    Overview,
    Reach,
    choice_keys,
    name_key,
)
from bot.domain.forms import Question
from bot.domain.search import QueryProblem
from bot.domain.text import cut, utf16_length
from bot.ui.callbacks import Action, button_data
from bot.ui.screens import (
    MESSAGE_LIMIT,
    InlineButton,
    Screen,
    button,
    inline_rows,
    lines_within,
    rows,
    token,
)
from bot.ui.screens.answers import display_answer
from bot.ui.screens.calls import call_card
from bot.ui.screens.find import refused
from bot.ui.texts import Markup, Translator

# What a filter button's index means besides "option n" (1-based: 0 is not an option).
SHOW = 0  # show the screen as it is
PREVIEW = 98  # preview the invitation
CLEAR = 99  # start again without filters
NO_KEY = "x"  # the key part of a payload that names no question
MAX_OPTIONS = 97  # options of one question a filter can offer (indexes 1..97)
LABEL_ROOM = 120  # a question's or an option's label in a line or on a button
NAME_ROOM = 60
VALUE_ROOM = 300


Schema = Mapping[str, Question]


def _name(t: Translator, entry: Entry, schema: Schema) -> str:
    key = name_key(schema)
    value = entry.profile.get(key) if key else None
    return cut(str(value), NAME_ROOM) if value else t("directory.no_name")


def _option_buttons(
    t: Translator,
    schema: Schema,
    overview: Overview,
    action: Action,
    call_id: int = 0,
) -> list[list[InlineButton]]:
    """One button per option of each choice question, ticked when it is in the filters."""
    buttons = []
    for key in choice_keys(schema):
        ticked = overview.filters.get(key, ())
        row: list[InlineButton] = []
        for index, option in enumerate(schema[key].options[:MAX_OPTIONS]):
            state = "directory.option_on" if option.value in ticked else "directory.option_off"
            label = t(
                state,
                option=cut(t.pick(option.label), LABEL_ROOM),
                count=overview.counts.get((key, option.value), 0),
            )
            row.append(button(label, action, call_id, key, index + 1))
            if len(row) == 2:
                buttons.append(row)
                row = []
        if row:
            buttons.append(row)
    return buttons


def home(t: Translator, overview: Overview, schema: Schema) -> Screen:
    """/directory: everyone counted by each profile choice, filters to tick, and what to do
    with the people they select (see them, export them)."""
    if not overview.total:
        return Screen(Markup(f"{t('directory.title')}\n\n{t('directory.empty')}"))
    lines: list[str] = [t("directory.title"), t("directory.total", count=overview.total)]
    for key in choice_keys(schema):
        question = schema[key]
        lines += ["", t("directory.choice_title", label=cut(t.pick(question.label), LABEL_ROOM))]
        lines += [
            t(
                "directory.choice_line",
                option=cut(t.pick(option.label), LABEL_ROOM),
                count=overview.counts.get((key, option.value), 0),
            )
            for option in question.options
        ]
    lines.append("")
    if overview.filters:
        lines.append(t("directory.filter_count", count=overview.matching))
    else:
        lines.append(t("directory.filter_none"))
    keyboard = rows(
        *_option_buttons(t, schema, overview, Action.ADMIN_DIRECTORY),
        [
            button(
                t("directory.button.show", count=overview.matching), Action.ADMIN_DIRECTORY_LIST
            ),
            button(t("directory.button.search"), Action.ADMIN_DIRECTORY_FIND),
        ],
        [button(t("directory.button.clear"), Action.ADMIN_DIRECTORY, key=NO_KEY, index=CLEAR)]
        if overview.filters
        else None,
        [
            button(t("directory.button.csv"), Action.ADMIN_DIRECTORY_EXPORT, index=0),
            button(t("directory.button.xlsx"), Action.ADMIN_DIRECTORY_EXPORT, index=1),
        ],
    )
    return Screen(Markup(lines_within(lines)), keyboard)


def entries_page(t: Translator, page: EntriesPage, schema: Schema) -> Screen:
    """Ten people the filters (and the admin's search) select, newest renewal first, each a
    button to their entry."""
    back = [button(t("directory.button.back"), Action.ADMIN_DIRECTORY, key=NO_KEY)]
    if page.query is not None:
        back.insert(0, button(t("find.button.again"), Action.ADMIN_DIRECTORY_FIND))
    if not page.entries:
        if page.query is None:
            return Screen(t("directory.page_empty"), rows(back))
        among = "directory.search.none_ticked" if page.filtered else "directory.search.none"
        return Screen(t(among, query=page.query), rows(back))
    first = page.number * PAGE_SIZE
    count = {"count": page.count, "page": page.number + 1, "pages": page.pages}
    if page.query is None:
        lines = [t("directory.page_title", **count), ""]
    else:
        lines = [t("directory.search.title", query=page.query, **count)]
        if page.filtered:
            lines.append(t("directory.search.among_ticked"))
        lines.append("")
    buttons = []
    for number, entry in enumerate(page.entries, start=first + 1):
        name = _name(t, entry, schema)
        lines.append(
            t(
                "directory.page_item",
                number=number,
                name=name,
                calls=len(entry.calls),
                date=t.date(entry.renewed_at),
            )
        )
        buttons.append(
            [
                button(
                    t("directory.button.entry", number=number, name=name),
                    Action.ADMIN_DIRECTORY_ENTRY,
                    entry.user_id,
                )
            ]
        )
    paging = []
    if page.number > 0:
        paging.append(
            button(t("directory.button.previous"), Action.ADMIN_DIRECTORY_LIST, page.number - 1)
        )
    if page.number + 1 < page.pages:
        paging.append(
            button(t("directory.button.next"), Action.ADMIN_DIRECTORY_LIST, page.number + 1)
        )
    return Screen(Markup(lines_within(lines)), rows(*buttons, paging, back))


def entry(
    t: Translator, entry: Entry, schema: Schema, calls: Mapping[int, Call], keep: timedelta
) -> Screen:
    """One person: their profile, the calls they took part in, and their entry's dates."""
    lines = [t("directory.entry_title", name=_name(t, entry, schema)), ""]
    for key, question in schema.items():
        if key in entry.profile:
            value = cut(display_answer(t, question, entry.profile[key]), VALUE_ROOM)
            label = t.label(cut(t.pick(question.label), LABEL_ROOM))
            lines.append(t("directory.entry_line", label=label, value=value))
    lines += ["", t("directory.entry_calls")]
    for part in entry.calls:
        call = calls.get(part.call_id)
        if call is None:
            continue
        key = "directory.entry_call_withdrawn" if part.withdrawn else "directory.entry_call"
        lines.append(t(key, title=t.title(call.spec.title), date=t.date(part.joined_at)))
    lines += [
        "",
        t("directory.entry_user", user=entry.user_id),
        t("directory.entry_since", date=t.date(entry.created_at)),
        t(
            "directory.entry_renewed",
            date=t.date(entry.renewed_at),
            erase=t.date(entry.erased_on(keep)),
        ),
    ]
    keyboard = rows(
        [
            button(t("directory.button.list"), Action.ADMIN_DIRECTORY_LIST, 0),
            button(t("directory.button.back"), Action.ADMIN_DIRECTORY, key=NO_KEY),
        ]
    )
    return Screen(Markup(lines_within(lines)), keyboard)


def search_refused(t: Translator, problem: QueryProblem) -> Screen:
    """Why a search of the directory was not made: /find's reasons and words, but for an
    empty query (its example is /directory's)."""
    if problem == QueryProblem.EMPTY:
        return Screen(t("directory.search.empty"))
    return refused(t, problem)


def export_sent(t: Translator, count: int) -> Markup:
    """The caption of the directory's export."""
    return t("directory.export_sent", count=count)


# Invitations from a call's panel.


def invite(t: Translator, call: Call, reach: Reach, overview: Overview, schema: Schema) -> Screen:
    """Who to invite to the call: tick options; the exact count, those skipped, a preview."""
    lines = [
        t("directory.invite.title", title=t.title(call.spec.title)),
        "",
        t("directory.invite.how"),
        "",
        t(
            "directory.invite.reach",
            selected=reach.selected,
            skipped=reach.selected - reach.reached,
            count=reach.reached,
        )
        if reach.reached
        else t("directory.invite.nobody"),
    ]
    preview = None
    if reach.reached:
        preview = [
            button(
                t("directory.button.preview", count=reach.reached),
                Action.ADMIN_INVITE,
                call.id,
                NO_KEY,
                PREVIEW,
            )
        ]
    clear = None
    if overview.filters:
        clear = [button(t("directory.button.clear"), Action.ADMIN_INVITE, call.id, NO_KEY, CLEAR)]
    keyboard = rows(
        *_option_buttons(t, schema, overview, Action.ADMIN_INVITE, call.id),
        preview,
        clear,
        [button(t("admin.button.back"), Action.ADMIN_CALL, call.id)],
    )
    return Screen(Markup("\n".join(lines)), keyboard)


def invitation(t: Translator, call: Call, now: datetime) -> Screen:
    """What each invited person receives: why they are asked, the call's card, Register."""
    card = call_card(t, call, None, now)
    intro = t("directory.invite.intro", organiser=t.title(call.spec.organiser))
    text = Markup(f"{intro}\n\n{card.text}")
    if utf16_length(text) > MESSAGE_LIMIT:  # a card at its longest has no room for more
        text = Markup(card.text)
    register = [button(t("button.register"), Action.JOIN, call.id)]
    whole_text = button_data(Action.CALL_TEXT, call.id)  # the description had to be cut
    whole = [
        b
        for row in inline_rows(card.keyboard)
        for b in row
        if b.get("callback_data") == whole_text
    ]
    return Screen(text, rows(whole, register))


def invite_preview(
    t: Translator, call: Call, now: datetime, reach: Reach, draft: int
) -> list[Screen]:
    """The invitation exactly as the people will see it, then Send (with the exact count)."""
    intro = Screen(t("directory.invite.preview", count=reach.reached))
    confirm = Screen(
        t("directory.invite.confirm"),
        rows(
            [
                button(
                    t("directory.button.send", count=reach.reached),
                    Action.ADMIN_INVITE_SEND,
                    draft,
                )
            ],
            [button(t("admin.button.back"), Action.ADMIN_INVITE, call.id, NO_KEY, SHOW)],
        ),
    )
    return [intro, invitation(t, call, now), confirm]


def invite_sent(t: Translator, count: int) -> Screen:
    return Screen(
        t("directory.invite.sent", count=count) if count else t("directory.invite.nobody")
    )


# A person's own entry.


def organisers(t: Translator, names: list[dict[str, str]]) -> Markup:
    """The organisers whose calls an entry came from, as one phrase."""
    if not names:
        return t("directory.organisers_unknown")
    separator = "، " if t.lang == "fa" else ", "
    return Markup(separator.join(t("directory.organiser", name=t.title(n)) for n in names))


def with_membership(
    t: Translator, screen: Screen, names: list[dict[str, str]] | None, since: datetime | None
) -> Screen:
    """/my, with the person's place in the directory (if they have one) and a way out."""
    if names is None or since is None:
        return screen
    line = t("directory.member", organisers=organisers(t, names), date=t.date(since))
    leave = [button(t("directory.button.leave"), Action.DIRECTORY_LEAVE)]
    text = Markup(f"{screen.text}\n\n{line}")
    return Screen(text, rows(*inline_rows(screen.keyboard), leave))


def leave_confirm(t: Translator, names: list[dict[str, str]]) -> Screen:
    keyboard = rows(
        [
            button(t("directory.button.leave_yes"), Action.DIRECTORY_LEAVE_YES),
            button(t("button.no"), Action.MY),
        ]
    )
    return Screen(t("directory.leave.confirm", organisers=organisers(t, names)), keyboard)


def left(t: Translator) -> Screen:
    return Screen(t("directory.left"), rows([button(t("button.my"), Action.MY)]))


def retention_warning(t: Translator, erase_on: datetime, days: int) -> Screen:
    """Sent 7 days before an entry is erased: stay (renews it) or leave now. The organisers
    are each person's own (filled in per recipient)."""
    keyboard = rows(
        [button(t("directory.button.stay"), Action.DIRECTORY_STAY)],
        [button(t("directory.button.leave"), Action.DIRECTORY_LEAVE)],
    )
    text = t(
        "directory.warning",
        organisers=Markup(token("organisers")),
        days=days,
        date=t.date(erase_on),
    )
    return Screen(text, keyboard)


def stayed(t: Translator, until: datetime) -> Screen:
    return Screen(t("directory.stayed", date=t.date(until)))
