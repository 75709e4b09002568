"""How fast the bot may send: learned from the messenger's answers, never guessed twice.

A messenger limits how many messages a bot sends (Telegram: about 30 a second; Bale
publishes no figure). It says so only by refusing a send with 429 and `retry_after`. The
learner keeps the rate the send budget spends at, between a floor and the configured
ceiling:

- It starts at the rate learned before (kept in the database), else at the ceiling.
- **On a 429** the budget waits out `retry_after` (the pacer does that), and the learner
  takes the limit to be what the server accepted in its window: the successes of the last
  second (since the last pause, which emptied that window), if the budget held the sender
  back all that time, so it sent as fast as the budget let it. The new rate is a small
  margin below that (`margin`), at most half the old one per 429. Without such a span to
  count (under a quarter of a second, or not held back: a 429 then may be one chat's, or a
  storm) the rate is cut by `cut` instead and the limit stays unknown. 429s that answer
  sends made before the pause began belong to the same burst and change nothing.
- **While sends succeed and the budget is the bottleneck** (someone is waiting for a slot),
  it climbs: quickly back up to the margin below the known limit, then slowly past it, one
  small probe every `probe_after` seconds, so a limit that was raised is found again
  without a 429 every few seconds. A probe goes past the known limit (a step short of it
  would teach nothing and only spend the margin); one that holds until the next raises the
  known limit, and the next probe comes as soon; each 429 that finds the same limit again
  doubles the wait between probes (up to MAX_PROBE_WAIT), as every probe past a real limit
  costs a pause. When nobody is waiting it does not climb: an idle bot learns nothing.
- **A 429 that finds the known limit again while the rate was below it** (no probe) says
  nothing new of the limit: requests arrived closer together than they left (a busy event
  loop, the network). The limit is kept and the margin widens by `margin_step` (down to
  `widest`); it narrows again by half a step for every `probe_after` saturated seconds
  without a 429, and probes wait until it is back at `margin`.
- **Requests arrive closer together than they left** (the event loop, the connection pool),
  so the budget lets out at most `per_window()` requests in any `WINDOW + GUARD` seconds:
  the known limit (or the rate, while probing or while the limit is unknown), in a window a
  little longer than the server's.

This is additive increase, multiplicative decrease, with the decrease aimed at the measured
limit rather than a fixed factor: one 429 settles the rate, where halving would need
several and leave a sixth of the limit unused on average.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field, replace

WINDOW = 1.0  # seconds: the messengers' limits are per second
GUARD = 0.03  # seconds: how much closer together requests may arrive than they left
SPAN = 0.25  # seconds of sending at least, for a 429 to measure the limit
DEEPEST = 0.5  # one 429 at most halves the rate
MAX_PROBE_WAIT = 240.0  # seconds: the longest wait between two probes


@dataclass(frozen=True)
class Learned:
    """What a restart keeps: the rate in use and the limit the last 429 measured."""

    rate: float
    limit: float | None


@dataclass
class RateLearner:
    ceiling: float
    floor: float = 0.5
    margin: float = 0.98  # of the measured limit, after a 429
    margin_step: float = 0.01  # how much a 429 below the known limit widens the margin
    widest: float = 0.9  # the widest margin
    cut: float = 0.7  # of the rate, after a 429 without a full second to measure
    climb: float = 0.2  # share of the rate added per saturated second, below the margin
    probe_after: float = 60.0  # saturated seconds at the margin before one probe past it
    probe_step: float = 0.02  # share of the known limit one probe adds
    rate: float = 0.0
    limit: float | None = None  # what the last 429 measured; None: not known yet
    _successes: deque[float] = field(default_factory=deque)
    _running_since: float = 0.0  # the end of the last pause: counting starts there
    _calm_until: float = 0.0  # 429s before this belong to the burst already handled
    _saturated: float = 0.0  # saturated seconds since the last change
    _held_back_since: float | None = None  # every slot since then had others waiting
    _probe_wait: float = 0.0  # seconds between probes now: longer while the limit holds
    _last_grant: float | None = None
    _margin: float = 0.0  # the margin now: `margin`, or wider after 429s below the limit

    def __post_init__(self) -> None:
        self._probe_wait = self._probe_wait or self.probe_after
        self._margin = self._margin or self.margin
        if self.rate <= 0:
            self.rate = self.ceiling
        self.rate = min(max(self.rate, self.floor), self.ceiling)

    def resumed(self, learned: Learned | None) -> RateLearner:
        """This learner's policy, going on from what was learned before a restart."""
        if learned is None:
            return self
        return replace(self, rate=learned.rate, limit=learned.limit, _successes=deque())

    def per_window(self) -> int:
        """The most requests to let out in any WINDOW + GUARD seconds."""
        cap = math.ceil(self.rate - 1e-9)
        if self.limit is not None and self.rate <= self.limit:
            cap = max(cap, math.floor(self.limit + 1e-9))
        return max(1, cap)

    @property
    def learned(self) -> Learned:
        return Learned(round(self.rate, 3), self.limit)

    def started(self, now: float) -> None:
        self._running_since = now

    def succeeded(self, now: float) -> None:
        """A counted request went through."""
        self._successes.append(now)
        self._forget_before(now - WINDOW)

    def limited(self, now: float, retry_after: float) -> bool:
        """A 429: returns True when the rate changed (the first 429 of a burst)."""
        resume = now + retry_after
        if now < self._calm_until:  # an answer to a send made before the pause began
            self._calm_until = max(self._calm_until, resume)
            return False
        self._forget_before(now - WINDOW)
        # The server's window is the last second; since the last pause (which emptied it)
        # our successes there are what it let through: its limit, when the 429 is the bot's
        # own, which it is when the budget has held the sender back for a while (SPAN).
        # Too short a span says nothing: a storm after a pause, or one chat's limit.
        counted_from = max(now - WINDOW, self._running_since)
        held = self._held_back_since
        if held is not None and now - max(held, counted_from) >= SPAN:
            measured = float(len(self._successes))
            known = self.limit
            same = known is not None and abs(measured - known) <= 0.05 * known
            if known is not None and same and self.rate <= known:
                # Below the limit, and the same limit: the requests bunched on their way.
                self._margin = max(self._margin - self.margin_step, self.widest)
                target = self._margin * known
            else:
                # A probe found the same limit: probe for a higher one less often.
                self._probe_wait = (
                    min(2 * self._probe_wait, MAX_PROBE_WAIT) if same else self.probe_after
                )
                self.limit = measured
                target = self._margin * min(measured, self.rate)
            target = max(target, self.rate * DEEPEST)
        else:
            target = self.rate * self.cut
        self.rate = min(max(target, self.floor), self.ceiling)
        self._running_since = resume
        self._calm_until = resume
        self._saturated = 0.0
        return True

    def granted(self, now: float, waiting: bool) -> bool:
        """A slot was given; `waiting`: others still wait for one. True when the rate rose."""
        last, self._last_grant = self._last_grant, now
        if not waiting:
            self._held_back_since = None
            return False
        if self._held_back_since is None:
            self._held_back_since = now
        if last is None or now < self._calm_until or last < self._running_since:
            return False  # nothing to count yet, or the time since includes a pause
        self._saturated += min(now - last, WINDOW)
        known = self.limit if self.limit is not None else self.ceiling
        below = self._margin * known
        if self.rate < below - 1e-9:
            if self._saturated < WINDOW:
                return False
            self.rate = min(below, self.rate * (1 + self.climb), self.ceiling)
        elif self._margin < self.margin:  # narrow the margin again, slowly
            if self._saturated < self.probe_after:
                return False
            self._margin = min(self._margin + self.margin_step / 2, self.margin)
            self.rate = min(self._margin * known, self.ceiling)
        else:
            if self._saturated < self._probe_wait or self.rate >= self.ceiling:
                return False
            if self.limit is not None and self.rate > self.limit:
                self.limit = self.rate  # the last probe held: the limit is higher
                self._probe_wait = self.probe_after
                known = self.limit
            self.rate = min(max(self.rate, known) + self.probe_step * known, self.ceiling)
        self._saturated = 0.0
        return True

    def _forget_before(self, moment: float) -> None:
        while self._successes and self._successes[0] <= moment:
            self._successes.popleft()
