"""/find: an admin's query read, searched over every call's registrations, a page at a time."""

from __future__ import annotations

from bot.domain.clock import Clock
from bot.domain.search import PAGE_SIZE, QueryProblem, SearchPage, SearchQuery, pages, read_query
from storage import Storage


class Search:
    """Finds registrations for admins; each admin's latest query is kept for its pages."""

    def __init__(self, *, storage: Storage, clock: Clock) -> None:
        self.storage = storage
        self.clock = clock

    async def find(self, admin_id: int, typed: str) -> SearchPage | QueryProblem:
        """The first page for what the admin typed (kept for the next pages), or why not."""
        query = read_query(typed)
        if isinstance(query, QueryProblem):
            return query
        await self.storage.search.remember(admin_id, query.text, self.clock.now())
        return await self._page(query, 0)

    async def page(self, admin_id: int, page: int) -> SearchPage | None:
        """Another page of the admin's latest query; None when they have searched nothing."""
        typed = await self.storage.search.remembered(admin_id)
        query = None if typed is None else read_query(typed)
        if not isinstance(query, SearchQuery):
            return None
        return await self._page(query, page)

    async def _page(self, query: SearchQuery, page: int) -> SearchPage:
        repository = self.storage.search
        total = await repository.count(query.terms)
        page = max(0, min(page, pages(total) - 1))  # results may have gone since the last page
        found = await repository.page(query.terms, PAGE_SIZE, page * PAGE_SIZE)
        calls = {}
        for call_id in {item.call_id for item in found}:
            if call := await self.storage.calls.get(call_id):
                calls[call_id] = call
        return SearchPage(query.text, found, calls, total, page)
