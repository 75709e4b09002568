"""This process among several on one PostgreSQL database: heartbeat, lease, hand-overs.

Every replica beats every BEAT seconds and tries to hold the scheduler's lease (a row,
renewed by its holder, free to take TTL after its holder's last renewal). The holder runs
the scheduler, and hands on the rows of replicas that died: their deliveries left
`sending` become `unknown` (never sent twice, as after a crash), the ones they had taken
but not claimed are free again by themselves. A lease row rather than an advisory lock: a
machine that vanishes from the network (not just a killed process, whose connection the
server sees close) gives its lease up within TTL too, without waiting for TCP keepalives.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.domain.clock import Clock
from bot.domain.replicas import BEAT, SCHEDULER_LEASE, TTL, new_replica_id
from storage import Storage

logger = logging.getLogger(__name__)

Work = Callable[[], Awaitable[None]]


class AnotherPoller(RuntimeError):
    """Polling allows one process only, and another one polls this database's bot."""

    def __init__(self, database: str) -> None:
        super().__init__(
            f"another process already polls for updates with the database {database}:"
            " polling allows one process only; run several replicas with `run --webhook`"
        )


class Replicas:
    """Started in post_init before the outbox and the scheduler, stopped after them."""

    def __init__(
        self,
        *,
        storage: Storage,
        clock: Clock,
        replica_id: str | None = None,
        beat: float = BEAT.total_seconds(),
    ) -> None:
        self.storage = storage
        self.clock = clock
        self._id = replica_id or new_replica_id()
        self.beat = beat
        self._leading = False
        self._task: asyncio.Task[None] | None = None
        self._on_lead: Work | None = None
        self._while_leading: Work | None = None
        self._every_beat: Callable[[int], None] | None = None

    @property
    def id(self) -> str:
        return self._id

    @property
    def leading(self) -> bool:
        return self._leading

    def live_since(self, now: datetime) -> datetime:
        return now - TTL

    async def join(self) -> int:
        """The first heartbeat (before the outbox takes rows in this replica's name);
        returns how many replicas are alive, this one included."""
        now = self.clock.now()
        await self.storage.replicas.beat(self.id, now)
        return await self.storage.replicas.live(self.live_since(now))

    async def start(
        self,
        *,
        on_lead: Work,
        while_leading: Work,
        every_beat: Callable[[int], None] | None = None,
    ) -> None:
        """Tries the lease once now (`on_lead` runs when it is won), then looks around every
        beat in the background (`while_leading` runs at each beat while it is held;
        `every_beat` is told how many replicas are alive)."""
        self._on_lead, self._while_leading = on_lead, while_leading
        self._every_beat = every_beat
        await self._look()
        self._task = asyncio.create_task(self._run(), name="replicas")

    async def stop(self) -> None:
        """Leaves at once: the lease is free for another replica without waiting for TTL."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._leading = False
        try:
            await self.storage.replicas.leave(self.id)
        except Exception as error:  # the others will see the heartbeat age instead
            logger.warning("Could not leave the replicas' table: %s", error)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.beat)
            try:
                await self._look()
            except asyncio.CancelledError:
                raise
            except Exception:
                # The database is away: nobody can do the scheduler's work, and the lease
                # runs out on its own if this lasts; try again at the next beat.
                logger.exception("Replica %s could not look around", self.id)

    async def _look(self) -> None:
        now = self.clock.now()
        replicas = self.storage.replicas

        # The first look beats again, though join() beat a moment before: replicas started
        # at once see each other now, not a beat later (until then each would send at its
        # part of fewer replicas, and together over the limit: a 429, and a learned rate
        # kept low for every replica started after it; seen in the full kill test).
        async def beat() -> int:
            await replicas.beat(self.id, now)
            return await replicas.live(self.live_since(now))

        # The heartbeat and the lease at once (a start waits for one round trip, not three).
        live, held = await self.storage.together(
            beat(), replicas.hold(SCHEDULER_LEASE, self.id, now, TTL)
        )
        if self._every_beat is not None:
            self._every_beat(live)
        if held != self._leading:
            self._leading = held
            if held:
                logger.info("Replica %s runs the scheduler now", self.id)
            else:
                logger.warning("Replica %s lost the scheduler's lease", self.id)
            if held and self._on_lead is not None:
                await self._hand_over(now)
                await self._on_lead()
                return
        if held:
            await self._hand_over(now)
            if self._while_leading is not None:
                await self._while_leading()

    async def _hand_over(self, now: datetime) -> None:
        """The rows of replicas that died: sends cut off become `unknown`."""
        interrupted, _ = await self.storage.together(
            self.storage.outbox.recover_interrupted(self.live_since(now)),
            self.storage.replicas.forget_dead(now - 6 * TTL),
        )
        if interrupted:
            logger.warning(
                "%d deliveries of a replica that died were mid-send; not repeating them",
                interrupted,
            )
