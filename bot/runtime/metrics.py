"""GET /metrics: what an operator graphs, in Prometheus's text format, with no person in it.

Counters are this process's own (updates handled, replies, bulk sends, 429s) and are read
from the objects that keep them. Gauges that read the database (the outbox's backlog,
reminders, registrations by status) are read on each scrape within DATABASE_TIMEOUT: a slow
or broken database leaves them out of that scrape, with `farakhan_database_up 0`, rather
than hang it. Every label is one of a few fixed names (a kind, a method, a priority, a
status): never a chat, a user, a call or the token.

Each application has a registry of its own, so several apps in one process (the tests) do
not collide, and nothing is registered at import time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from aiohttp import web
from prometheus_client import CollectorRegistry, ProcessCollector
from prometheus_client.aiohttp import make_aiohttp_handler
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from telegram import Update
from telegram.ext import Application

from bot.domain.broadcasts import DeliveryStatus, Priority
from bot.domain.messenger import COUNTED_METHODS
from bot.domain.models import RegistrationStatus
from bot.runtime.updates import PerChatUpdateProcessor
from bot.sending.budget import SendBudget
from bot.sending.tally import CountingLimiter
from bot.services.container import Services
from handlers.context import SERVICES_KEY
from storage import Storage

logger = logging.getLogger(__name__)

DATABASE_TIMEOUT = 2.0  # seconds a scrape waits for the database's figures
UPDATE_KINDS = (Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY)  # shown at 0
BULK = (Priority.NOTICE, Priority.REMINDER, Priority.BULK)  # the outbox's priorities
# How one send can end (bot/sending/outbox.py `_send`); pending: it is tried again.
OUTCOMES = (
    DeliveryStatus.SENT,
    DeliveryStatus.BLOCKED,
    DeliveryStatus.FAILED,
    DeliveryStatus.PENDING,
)


@dataclass(frozen=True)
class DatabaseFigures:
    backlog: dict[Priority, int]
    reminders_due: int
    reminders_planned: int
    registrations: dict[RegistrationStatus, int]


class Metrics:
    """One application's metrics and the aiohttp handler that serves them."""

    def __init__(self, app: Application) -> None:
        self.app = app
        self.registry = CollectorRegistry()
        self._collector = FarakhanCollector(app)
        self.registry.register(self._collector)
        ProcessCollector(registry=self.registry)  # memory, CPU, open files of this process
        self._expose = make_aiohttp_handler(self.registry)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Reads the database's figures (or gives up on them), then answers the scrape."""
        self._collector.database = await self._read_database()
        # The handler renders before its first await: each scrape shows the figures it read.
        return await self._expose(request)

    async def _read_database(self) -> DatabaseFigures | None:
        from bot.runtime.app import STORAGE_KEY  # app.py imports the webhook, which imports us

        storage: Storage | None = self.app.bot_data.get(STORAGE_KEY)
        services: Services | None = self.app.bot_data.get(SERVICES_KEY)
        if storage is None or services is None:
            return None
        try:
            return await asyncio.wait_for(
                read_figures(storage, services), timeout=DATABASE_TIMEOUT
            )
        except Exception as error:  # a timeout or a broken database: "database down"
            logger.warning("Metrics: the database's figures could not be read: %r", error)
            return None


async def read_figures(storage: Storage, services: Services) -> DatabaseFigures:
    due, planned = await storage.gauges.reminders(services.clock.now())
    return DatabaseFigures(
        backlog=await storage.outbox.backlog_by_priority(),
        reminders_due=due,
        reminders_planned=planned,
        registrations=await storage.gauges.registrations_by_status(),
    )


class FarakhanCollector:
    """Builds the metric families at each scrape from what the application keeps."""

    def __init__(self, app: Application) -> None:
        self.app = app
        self.database: DatabaseFigures | None = None  # refreshed just before each scrape

    def collect(self) -> Iterator[Metric]:
        yield self._updates()
        yield self._replies()
        services: Services | None = self.app.bot_data.get(SERVICES_KEY)
        if services is not None:
            yield from self._sending(services)
        yield from self._database_figures()

    def _updates(self) -> Metric:
        family = CounterMetricFamily(
            "farakhan_updates_handled",
            "Updates from the messenger this process has handled, by kind.",
            labels=["kind"],
        )
        processor = self.app.update_processor
        handled = processor.handled if isinstance(processor, PerChatUpdateProcessor) else {}
        for kind in sorted({*UPDATE_KINDS, *handled}):
            family.add_metric([kind], handled.get(kind, 0))
        return family

    def _replies(self) -> Metric:
        family = CounterMetricFamily(
            "farakhan_replies_sent",
            "Counted requests of the reply bot (answers, screens, progress) that went through,"
            " by Bot API method.",
            labels=["method"],
        )
        limiter = getattr(self.app.bot, "rate_limiter", None)
        sent = limiter.sent if isinstance(limiter, CountingLimiter) else {}
        for method in sorted(COUNTED_METHODS):
            family.add_metric([method], sent.get(method, 0))
        return family

    def _sending(self, services: Services) -> Iterator[Metric]:
        bulk = CounterMetricFamily(
            "farakhan_bulk_sends",
            "Outbox deliveries this process sent, by priority and outcome (pending: to be"
            " tried again after a network error or a 429).",
            labels=["priority", "outcome"],
        )
        outcomes = services.outbox.outcomes
        for priority in BULK:
            for status in OUTCOMES:
                bulk.add_metric([_name(priority), str(status)], outcomes[priority, status])
        yield bulk
        budget = services.outbox.budget
        yield GaugeMetricFamily(
            "farakhan_send_rate",
            "The send budget's learned rate, in messages a second (replies and bulk together).",
            value=budget.rate,
        )
        if isinstance(budget, SendBudget):
            yield CounterMetricFamily(
                "farakhan_send_limited",
                "429 answers (Too Many Requests) to counted requests, in this process.",
                value=budget.limited_count,
            )
            yield GaugeMetricFamily(
                "farakhan_send_rate_ceiling",
                "The most messages a second the send budget will ever try (SEND_RATE_CEILING).",
                value=budget.learner.ceiling,
            )

    def _database_figures(self) -> Iterator[Metric]:
        figures = self.database
        yield GaugeMetricFamily(
            "farakhan_database_up",
            f"1 when the database answered this scrape within {DATABASE_TIMEOUT:g} s, else 0.",
            value=0 if figures is None else 1,
        )
        if figures is None:
            return
        backlog = GaugeMetricFamily(
            "farakhan_outbox_backlog",
            "Deliveries waiting in the outbox, by priority (as /healthz reports).",
            labels=["priority"],
        )
        for priority in BULK:
            backlog.add_metric([_name(priority)], figures.backlog.get(priority, 0))
        yield backlog
        yield GaugeMetricFamily(
            "farakhan_reminders_due",
            "Reminders whose time has come and that are not sent yet.",
            value=figures.reminders_due,
        )
        yield GaugeMetricFamily(
            "farakhan_reminders_planned",
            "Reminders planned and not sent yet (the due ones included).",
            value=figures.reminders_planned,
        )
        registrations = GaugeMetricFamily(
            "farakhan_registrations",
            "Registrations over every call, by status (drafts included).",
            labels=["status"],
        )
        for status, count in figures.registrations.items():
            registrations.add_metric([str(status)], count)
        yield registrations


def _name(priority: Priority) -> str:
    return priority.name.lower()
