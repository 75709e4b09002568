"""The rows of `python -m bench`'s table, one builder for each benchmark's figures: what is
measured, beside what, and what target it is judged by."""

from __future__ import annotations

import re
from dataclasses import replace

from bench import broadcast, interactive, pacing, reminders, scale, surge
from bench.report import Row


def kind(figure: str) -> str:
    """A row's name without what tells its runs apart: "Surge (300 volunteers): x" is
    "Surge: x"."""
    return re.sub(r" \([^)]*\):", ":", figure, count=1)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _count(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def _seconds(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def interactive_rows(f: interactive.InteractiveFigures) -> list[Row]:
    ours, echo = f.ours, f.echo
    return [
        # Reported, no longer a target: it is far above what the messenger lets a bot send
        # (about 30 messages a second); the pacing and surge rows judge what people feel.
        Row(
            f"Interactive: updates/s, {f.volunteers} volunteers registering",
            f"{ours.per_second:.0f}/s",
            f"{echo.per_second:.0f}/s (echo bot)",
            f"{f.ratio:.3f}",
            "report",
            None,
        ),
        Row(
            "Interactive: updates/s against a replay of our replies",
            f"{ours.per_second:.0f}/s",
            f"{f.replay.per_second:.0f}/s (same calls, no logic)",
            f"{f.replay_ratio:.3f}",
            "report",
            None,
        ),
        Row(
            "Interactive: time per update p50 / p99",
            f"{_ms(ours.p50)} / {_ms(ours.p99)}",
            f"{_ms(echo.p50)} / {_ms(echo.p99)}",
            f"{ours.p50 / echo.p50:.0f}×",
            "report",
            None,
        ),
        Row(
            "Interactive: registrations submitted",
            str(f.submitted),
            str(f.volunteers),
            f"{f.submitted / f.volunteers:.3f}",
            "all",
            f.submitted == f.volunteers,
        ),
    ]


def broadcast_rows(f: broadcast.BroadcastFigures) -> list[Row]:
    return [
        Row(
            f"Broadcast: rate, {f.recipients} recipients",
            f"{f.achieved_rate:.2f} msg/s",
            f"{f.configured_rate:.0f} msg/s (configured)",
            f"{f.rate_ratio:.3f}",
            "ratio ≥ 0.95",
            f.rate_ratio >= 0.95,
        ),
        Row("Broadcast: 429s received", str(f.too_many_requests), "", "", "report", None),
        Row("Broadcast: duplicates", str(f.duplicates), "", "", "0", f.duplicates == 0),
        Row("Broadcast: missing", str(f.missing), "", "", "0", f.missing == 0),
        Row(
            "Broadcast: a volunteer's reply p99 (p50)",
            f"{_ms(f.reply_p99)} ({_ms(f.reply_p50)})",
            "",
            "",
            "p99 < 1 s",
            f.reply_p99 < 1.0,
        ),
    ]


def _ratio(figure: float | None) -> str:
    return "never" if figure is None else f"{figure:.3f}"


def _settle(seconds: float | None) -> str:
    return "never" if seconds is None else _seconds(seconds)


def _share(sending: pacing.Sending | surge.SurgeRun) -> str:
    return f"{sending.too_many} ({sending.too_many_share:.1%})"


def pacing_rows(runs: list[pacing.PacingFigures]) -> list[Row]:
    rows = []
    for f in runs:
        ours, ptb, aio = f.farakhan, f.ptb, f.aiogram
        at = f"Pacing at {f.limit:g}/s"
        best = max(ptb.overall, aio.overall)
        settled = ours.settled
        rows += [
            Row(
                f"{at}, {f.recipients} recipients: rate ÷ limit once settled (overall)",
                f"{_ratio(settled)} ({ours.overall:.3f})",
                f"PTB {ptb.overall:.3f} · aiogram {aio.overall:.3f} (overall)",
                f"{ours.overall / best:.2f}×",
                "≥ 0.95; ahead of both",
                settled is not None and settled >= 0.95 and ours.overall > best,
            ),
            Row(
                f"{at}: 429s (share of sends)",
                _share(ours),
                f"PTB {_share(ptb)} · aiogram {_share(aio)}",
                "",
                "≤ 1%",
                ours.too_many_share <= 0.01,
            ),
            Row(
                f"{at}: seconds to settle",
                _settle(ours.settled_after),
                f"PTB {_settle(ptb.settled_after)} · aiogram {_settle(aio.settled_after)}",
                "",
                "≤ 10 s",
                ours.settled_after is not None and ours.settled_after <= 10,
            ),
        ]
    duplicates = sum(f.farakhan.duplicates for f in runs)
    missing = sum(f.farakhan.missing for f in runs)
    rows.append(
        Row(
            "Pacing: duplicates / missing",
            f"{duplicates} / {missing}",
            "",
            "",
            "0",
            duplicates == 0 and missing == 0,
        )
    )
    return rows


def surge_rows(f: surge.SurgeFigures) -> list[Row]:
    ours, theirs = f.farakhan, f.conventional
    plan = ours.plan
    conventional = "(conventional bot)"
    rows = [
        Row(
            f"Surge: sends ÷ {surge.LIMIT:g}/s while both run, {plan.recipients} recipients",
            f"{ours.rate_while_both:.3f}",
            f"{theirs.rate_while_both:.3f} {conventional}",
            f"{ours.rate_while_both / theirs.rate_while_both:.2f}×"
            if theirs.rate_while_both
            else "",
            "≥ 0.95",
            ours.rate_while_both >= 0.95,
        ),
        Row(
            "Surge: replies asked for ÷ limit, had none waited: at the peak (overall)",
            f"{ours.peak_demand:.2f} ({ours.demand:.2f})",
            f"{ours.replies / plan.volunteers:.0f} messages or edits per registration",
            "",
            "report",
            None,
        ),
        Row(
            "Surge: 429s (share of sends)",
            _share(ours),
            f"{_share(theirs)} {conventional}",
            "",
            "≤ 1%",
            ours.too_many_share <= 0.01,
        ),
        Row(
            "Surge: a volunteer's reply p50 / p99",
            f"{_ms(ours.p50)} / {_ms(ours.p99)}",
            f"{_ms(theirs.p50)} / {_ms(theirs.p99)} {conventional}",
            "",
            "p50 < 300 ms; p99 < 2 s",
            ours.p50 < 0.3 and ours.p99 < 2.0,
        ),
        Row(
            "Surge: registrations submitted",
            str(ours.submitted),
            f"{plan.volunteers} (conventional bot: {theirs.submitted})",
            f"{ours.submitted / plan.volunteers:.3f}",
            "all",
            ours.submitted == plan.volunteers,
        ),
        Row(
            "Surge: broadcast finished after",
            _seconds(ours.broadcast_done - ours.started),
            f"{_seconds(theirs.broadcast_done - theirs.started)} {conventional}",
            "",
            "report",
            None,
        ),
        Row(
            "Surge: broadcast duplicates",
            str(ours.duplicates),
            f"{theirs.duplicates} {conventional}",
            "",
            "0",
            ours.duplicates == 0,
        ),
        Row(
            "Surge: broadcast missing",
            str(ours.missing),
            f"{theirs.missing} {conventional}",
            "",
            "0",
            ours.missing == 0,
        ),
    ]
    # Every row names its surge by its volunteers (`kind` reads the name without them).
    label = f"Surge ({plan.volunteers} volunteers):"
    return [replace(r, figure=r.figure.replace("Surge:", label, 1)) for r in rows]


def scale_rows(small: scale.ScaleFigures, large: scale.ScaleFigures) -> list[Row]:
    n = _count(large.size)
    at_small = f"at {_count(small.size)}"
    linear = large.size / small.size
    # Growth from the small size to the large one: `linear` is proportional; below is better.
    grows = f"growth ≤ {linear * 1.2:.0f}"

    def timed(name: str, big: float, little: float, limit: float, show=_seconds) -> Row:
        growth = big / little if little else float("inf")
        return Row(
            name,
            show(big),
            f"{show(little)} {at_small}",
            f"{growth:.1f}",
            (f"< {limit * 1000:g} ms" if show is _ms else f"< {limit:g} s") + f"; {grows}",
            big < limit and growth <= linear * 1.2,
        )

    return [
        timed(f"Scale: CSV export, {n} rows", large.csv_seconds, small.csv_seconds, 5),
        timed(f"Scale: XLSX export, {n} rows", large.xlsx_seconds, small.xlsx_seconds, 60),
        Row(
            "Scale: export peak RSS (CSV / XLSX)",
            f"{large.csv_rss_mb:.0f} / {large.xlsx_rss_mb:.0f} MB",
            f"{large.idle_rss_mb:.0f} MB before exporting",
            f"{max(large.csv_rss_mb, large.xlsx_rss_mb) / large.idle_rss_mb:.2f}",
            "< 300 MB",
            max(large.csv_rss_mb, large.xlsx_rss_mb) < 300,
        ),
        timed(
            f"Scale: /admin, {n} registrations", large.admin_seconds, small.admin_seconds, 0.2, _ms
        ),
        timed(
            f"Scale: statistics, {n} registrations",
            large.stats_seconds,
            small.stats_seconds,
            0.2,
            _ms,
        ),
        # The chart is drawn after the screen is shown; its drawing does not grow with N.
        timed(
            f"Scale: statistics chart sent, {n} registrations",
            large.chart_seconds,
            small.chart_seconds,
            2,
            _ms,
        ),
        timed(
            f"Scale: /find, {n} registrations", large.find_seconds, small.find_seconds, 0.2, _ms
        ),
        timed(
            f"Scale: /directory, {n} entries",
            large.directory_seconds,
            small.directory_seconds,
            0.2,
            _ms,
        ),
        timed(
            f"Scale: directory page, one filter, {n} entries",
            large.directory_page_seconds,
            small.directory_page_seconds,
            0.2,
            _ms,
        ),
        timed(
            f"Scale: /directory search, {n} entries",
            large.directory_search_seconds,
            small.directory_search_seconds,
            0.2,
            _ms,
        ),
        timed(
            f"Scale: start-up, {n} pending deliveries, {_count(large.size // 10)} reminders",
            large.startup_seconds,
            small.startup_seconds,
            3,
        ),
        Row(
            "Scale: start-up, empty database",
            f"{large.empty_startup_seconds:.2f} s",
            "",
            "",
            "report",
            None,
        ),
    ]


def reminder_rows(count: int, f: reminders.ReminderFigures | None) -> list[Row]:
    if f is None or f.sent == 0:
        return [
            Row(
                f"Reminders: {count} due at once, sent",
                "0 (none in the time allowed)",
                str(count),
                "0",
                "all",
                False,
            )
        ]
    return [
        Row(
            f"Reminders: {count} due at once, sent",
            str(f.sent),
            str(count),
            f"{f.sent / count:.3f}",
            "all",
            f.sent == count,
        ),
        Row("Reminders: duplicates", str(f.duplicates), "", "", "0", f.duplicates == 0),
        Row(
            "Reminders: lag due → first send, p50 / p99",
            f"{f.p50:.2f} / {f.p99:.2f} s",
            f"{f.floor_p50:.2f} / {f.floor_p99:.2f} s (pacing at {f.rate:g}/s)",
            f"{f.ratio:.3f}",
            "report",
            None,
        ),
        Row("Reminders: lag of the first one", f"{f.first_lag:.2f} s", "", "", "report", None),
    ]
