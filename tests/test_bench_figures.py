"""The pacing and surge benchmarks' figures, read from made-up emulator logs: when a sender
counts as settled, what a reply's wait is, and when the broadcast and the registrations
both ran."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from bench.messenger import Journey
from bench.pacing import Sending
from bench.surge import FIRST_RECIPIENT, FIRST_VOLUNTEER, SurgePlan, SurgeRun


def steady(rate: float, start: float, end: float) -> list[float]:
    return [start + k / rate for k in range(round((end - start) * rate))]


def sending(delivered: list[float], refused: Sequence[float] = (), limit: float = 30) -> Sending:
    requests = [("sendMessage", 1, 200, t) for t in delivered]
    requests += [("sendMessage", 1, 429, t) for t in refused]
    requests.sort(key=lambda request: request[3])
    return Sending("test", limit, len(delivered), 0.0, requests, [1] * len(delivered))


def test_a_learner_settles_once_it_holds_the_limit() -> None:
    # Twice the limit for half a second, refused, a second's pause, then 97% of the limit.
    learner = sending(steady(60, 0, 0.5) + steady(29.1, 1.6, 61.6), refused=[0.5])
    assert learner.settled_after == pytest.approx(1.6, abs=0.05)
    assert learner.settled is not None and learner.settled == pytest.approx(0.97, abs=0.005)
    assert learner.overall < learner.settled


def test_a_lone_probe_later_does_not_unsettle_it_but_its_pause_counts() -> None:
    delivered = steady(60, 0, 0.5) + steady(29.1, 1.6, 40) + steady(29.1, 41.2, 80)
    learner = sending(delivered, refused=[0.5, 40.0])
    assert learner.settled_after == pytest.approx(1.6, abs=0.05)
    assert learner.settled is not None and 0.94 < learner.settled < 0.96


def test_a_sender_refused_every_second_never_settles() -> None:
    delivered, refused, start = [], [], 0.0
    while start < 30:  # 20 in two thirds of a second, refused, a pause of 1.1 s, again
        delivered += steady(30, start, start + 0.66)
        refused.append(start + 0.67)
        start += 1.77
    bursts = sending(delivered, refused, limit=20)
    assert bursts.settled_after is None and bursts.settled is None
    assert bursts.too_many == len(refused)
    assert bursts.too_many_share == pytest.approx(len(refused) / (len(delivered) + len(refused)))


def test_a_fixed_pace_below_the_limit_never_settles() -> None:
    loop = sending(steady(18, 0.05, 30), limit=20)
    assert loop.settled_after is None
    assert loop.overall == pytest.approx(0.9, abs=0.01)


def test_a_reply_waits_from_the_update_to_the_first_message_delivered_in_that_chat() -> None:
    volunteer, recipient = FIRST_VOLUNTEER, FIRST_RECIPIENT
    requests = [
        ("sendMessage", recipient, 200, 100.0),
        ("sendMessage", volunteer, 429, 100.2),  # refused: the person saw nothing yet
        ("sendMessage", volunteer, 200, 101.5),
        ("editMessageText", volunteer, 200, 104.1),
        ("sendMessage", recipient + 1, 200, 106.0),
    ]
    run = SurgeRun(
        bot="test",
        plan=SurgePlan(volunteers=1, spread=0, thought=(2, 2), recipients=2),
        started=100.0,
        requests=requests,
        journeys=[Journey(volunteer, sent=[100.1, 104.0], finished=True)],
        copies=[1, 1],
        submitted=1,
    )
    assert run.waits == pytest.approx([0.1, 1.4])
    assert run.both_running == (100.1, 104.1)  # the registrations ended first
    assert run.rate_while_both == pytest.approx(2 / 4.0 / 30)
    assert run.broadcast_done == 106.0
    assert run.replies == 2 and run.too_many == 1
