"""The few SQL fragments SQLite and PostgreSQL write differently (JSON and full-text search).

Everything else the repositories say is the same SQL on both. docs/architecture.md
("SQLite and PostgreSQL") lists each difference and why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storage.db import Database, Dialect


def answers_object(db: Database, registration: str) -> str:
    """A registration's answers as one JSON object (text), `{}` when it has none."""
    if db.dialect == Dialect.POSTGRESQL:
        return (
            "(SELECT COALESCE(json_object_agg(question_key, value::json), '{}')::text"
            f" FROM answers WHERE registration_id = {registration})"
        )
    return (
        "(SELECT json_group_object(question_key, json(value)) FROM answers"
        f" WHERE registration_id = {registration})"
    )


def json_ids(db: Database) -> str:
    """A subquery of the integers in a JSON array given as one parameter."""
    if db.dialect == Dialect.POSTGRESQL:
        return "(SELECT json_array_elements_text(?::json)::bigint)"
    return "(SELECT value FROM json_each(?))"


def json_spans(db: Database) -> str:
    """Rows (n, start, end) of a JSON array of [start, end] pairs given as one parameter."""
    if db.dialect == Dialect.POSTGRESQL:
        return (
            "(SELECT n, span ->> 0 AS start, span ->> 1 AS end_"
            " FROM json_array_elements(?::json) WITH ORDINALITY AS s (span, n))"
        )
    return (
        "(SELECT key AS n, json_extract(value, '$[0]') AS start,"
        " json_extract(value, '$[1]') AS end_ FROM json_each(?))"
    )


def matches(db: Database, table: str, alias: str) -> str:
    """The condition that `alias`'s document (a row of the search `table`) holds the query
    given as one parameter (from `search_query`)."""
    if db.dialect == Dialect.POSTGRESQL:
        return f"{alias}.words @@ ?::tsquery"
    return f"{table} MATCH ?"


def search_query(db: Database, terms: Sequence[str]) -> str:
    """The query for `terms`: each term a phrase whose last word may go on (a prefix), all of
    them in one document."""
    if db.dialect == Dialect.POSTGRESQL:
        return _tsquery(terms)
    return _fts5(terms)


def _fts5(terms: Sequence[str]) -> str:
    """FTS5's query: each term a quoted phrase (nothing in it is an operator) whose last word
    may go on (`"احم"*` finds احمدی)."""
    return " ".join('"' + term.replace('"', '""') + '"*' for term in terms)


# What FTS5's unicode61 splits words at, and what migrations/postgresql splits documents at
# (`[^[:alnum:]]+`): anything but letters and digits.
_NOT_A_WORD = re.compile(r"[\W_]+")


def _tsquery(terms: Sequence[str]) -> str:
    """A tsquery of quoted lexemes (read as they are, never parsed): the words of each term
    one after the other (`<->`), the last a prefix (`:*`); the terms joined by `&`."""
    phrases = []
    for term in terms:
        words = [word for word in _NOT_A_WORD.split(term.lower()) if word]
        if words:
            lexemes = [f"'{word}'" for word in words]
            lexemes[-1] += ":*"
            phrases.append(" <-> ".join(lexemes))
    # A query with no word at all is the empty tsquery: it finds nothing.
    return " & ".join(f"({phrase})" for phrase in phrases)


def skip_locked(db: Database, table: str) -> str:
    """Ends a SELECT whose rows its statement then changes: on PostgreSQL rows another
    process is changing right now are skipped, not waited for (SQLite has one writer)."""
    if db.dialect == Dialect.POSTGRESQL:
        return f" FOR UPDATE OF {table} SKIP LOCKED"
    return ""
