"""Replicas as an operator runs them: `python -m bot run --webhook` several times on one
database, behind a small round-robin proxy (as nginx's `upstream` would be), the messenger
delivering webhooks to the proxy. Used by tests/test_replicas_e2e.py and bench/replicas.py.
"""

from __future__ import annotations

import asyncio
import itertools
import signal
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from aiohttp import ClientError, ClientSession, web

from tests.chat import TEST_TOKEN
from tests.processes import farakhan

SECRET = "a-replicas-webhook-secret-of-length_42"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RoundRobin:
    """The load balancer: each webhook POST to the next replica that answers."""

    def __init__(self, ports: list[int]) -> None:
        self.ports = ports
        self.port = free_port()
        self._next = itertools.count()
        self._runner: web.AppRunner | None = None
        self._session: ClientSession | None = None

    async def start(self) -> None:
        server = web.Application()
        server.router.add_post("/{tail:.*}", self._forward)
        self._runner = web.AppRunner(server, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self._session = ClientSession()

    async def stop(self) -> None:
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        for _ in range(len(self.ports)):
            port = self.ports[next(self._next) % len(self.ports)]
            try:
                async with self._session.post(
                    f"http://127.0.0.1:{port}{request.path}", data=body, headers=headers
                ) as answer:
                    return web.Response(status=answer.status, body=await answer.read())
            except (ClientError, OSError):
                continue  # that replica is down: the next one
        return web.Response(status=502, text="no replica answers")


@dataclass
class Replica:
    port: int
    process: asyncio.subprocess.Process
    env: dict[str, str]
    log: Path

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    async def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def restart(self) -> None:
        """Starts again on its port (a new replica to the others: a new id)."""
        with self.log.open("ab") as log:
            self.process = await farakhan("run", "--webhook", env=self.env, output=log)


async def start_replicas(
    api_base_url: str,
    database: str,
    folder: Path,
    *,
    count: int = 3,
    rate: float,
    log_level: str = "INFO",
) -> tuple[RoundRobin, list[Replica]]:
    """`count` replicas on `database` behind a new round-robin proxy (see `add_replicas`)."""
    proxy = RoundRobin([])
    await proxy.start()
    replicas = await add_replicas(
        proxy, api_base_url, database, folder, count=count, rate=rate, log_level=log_level
    )
    return proxy, replicas


async def add_replicas(
    proxy: RoundRobin,
    api_base_url: str,
    database: str,
    folder: Path,
    *,
    count: int,
    rate: float,
    log_level: str = "INFO",
) -> list[Replica]:
    """`count` more replicas on `database`, the bot's send ceiling `rate` a second, behind
    `proxy` once each answers /healthz (their logs in `folder`)."""
    ports = [free_port() for _ in range(count)]
    replicas = []
    for n, port in enumerate(ports, start=len(proxy.ports)):
        env = {
            "DATABASE_URL": database,
            "BOT_TOKEN": TEST_TOKEN,
            "BOT_API_BASE_URL": api_base_url,
            "WEBHOOK_URL": f"http://127.0.0.1:{proxy.port}/hook",
            "WEBHOOK_SECRET": SECRET,
            "WEBHOOK_PORT": str(port),
            "SEND_RATE_CEILING": f"{rate:g}",
            "QUIET_HOURS": "",
            "LOG_LEVEL": log_level,
        }
        log = folder / f"replica-{n}.log"
        with log.open("wb") as output:
            process = await farakhan("run", "--webhook", env=env, output=output)
        replicas.append(Replica(port, process, env, log))
    async with httpx.AsyncClient(trust_env=False) as client:
        deadline = time.monotonic() + 60
        for replica in replicas:
            while True:
                assert replica.alive, replica.log.read_text()[-3000:]
                try:
                    if (await client.get(f"http://127.0.0.1:{replica.port}/healthz")).is_success:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "a replica did not start"
                await asyncio.sleep(0.2)
    proxy.ports.extend(ports)
    return replicas


async def stop_replicas(proxy: RoundRobin, replicas: list[Replica]) -> None:
    for replica in replicas:
        if replica.alive:
            replica.process.send_signal(signal.SIGTERM)
    for replica in replicas:
        await asyncio.wait_for(replica.process.wait(), timeout=30)
    await proxy.stop()
