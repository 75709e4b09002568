"""Several bot processes (replicas) on one PostgreSQL database: what each needs to know.

A replica beats a heartbeat into the database; one unseen for `TTL` is dead, and what it
held (a batch of deliveries, sends under way, the scheduler's lease) passes to the others.
On SQLite one process runs, and none of this is used.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import datetime, timedelta
from typing import Protocol

BEAT = timedelta(seconds=2)  # how often a replica says it is alive, and looks around
# Unseen this long: dead. With BEAT it bounds a take-over: the scheduler's lease expires at
# most TTL after its holder's last beat, and another replica looks within BEAT (12 s < 15 s).
TTL = timedelta(seconds=10)
SCHEDULER_LEASE = "scheduler"


class Replica(Protocol):
    """This process among the replicas, as the outbox and the scheduler see it."""

    @property
    def id(self) -> str: ...

    @property
    def leading(self) -> bool:
        """Whether this replica holds the scheduler's lease (reminders, retention, the
        progress of broadcasts are its work alone)."""

    def live_since(self, now: datetime) -> datetime:
        """A replica seen since then is alive."""


def new_replica_id() -> str:
    """A name of its own for this start: host, process, and a random part (a restarted
    process is a new replica; its former self's rows are handed on as a dead one's)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{secrets.token_hex(3)}"
