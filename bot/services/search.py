"""/find: an admin's query read, searched over every call's registrations, a page at a time."""

from __future__ import annotations

from collections.abc import Awaitable

from bot.domain.admin_sessions import Flow
from bot.domain.clock import Clock
from bot.domain.search import PAGE_SIZE, QueryProblem, SearchPage, SearchQuery, pages, read_query
from storage import Storage


class Search:
    """Finds registrations for admins; each admin's latest query is kept for its pages."""

    def __init__(self, *, storage: Storage, clock: Clock) -> None:
        self.storage = storage
        self.clock = clock

    async def find(self, admin_id: int, typed: str) -> SearchPage | QueryProblem:
        """The first page for what the admin typed (kept for the next pages), or why not.
        The admin's 🔎 question, if one was open, is answered by it."""
        query = read_query(typed)
        if isinstance(query, QueryProblem):
            return query
        return await self._page(
            query,
            0,
            self.storage.search.remember(admin_id, query.text, self.clock.now()),
            self.storage.admin_sessions.end(admin_id, Flow.FIND),
        )

    async def page(self, admin_id: int, page: int) -> SearchPage | None:
        """Another page of the admin's latest query; None when they have searched nothing."""
        typed = await self.storage.search.remembered(admin_id)
        query = None if typed is None else read_query(typed)
        if not isinstance(query, SearchQuery):
            return None
        return await self._page(query, page)

    async def _page(self, query: SearchQuery, page: int, *also: Awaitable[object]) -> SearchPage:
        """Page `page` of the query's results (the last one, if there are fewer now); `also`:
        independent steps to take at the same time."""
        repository = self.storage.search
        if page <= 0:  # the first page is there whatever the count: both asked at once
            page = 0
            total, found, *_ = await self.storage.together(
                repository.count(query.terms), repository.page(query.terms, PAGE_SIZE, 0), *also
            )
        else:
            total = await repository.count(query.terms)
            page = min(page, pages(total) - 1)  # results may have gone since the last page
            found, *_ = await self.storage.together(
                repository.page(query.terms, PAGE_SIZE, page * PAGE_SIZE), *also
            )
        calls = {}
        for call_id in {item.call_id for item in found}:
            if call := await self.storage.calls.get(call_id):
                calls[call_id] = call
        return SearchPage(query.text, found, calls, total, page)
