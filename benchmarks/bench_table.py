"""The benchmark's table: one row per figure, one column per size, targets marked ok or MISS."""

from __future__ import annotations

import contextlib
import os
import platform
import subprocess
from collections.abc import Callable

import _common
from measure_event_loop import CONCURRENCY

# Targets at 100k facts, checked at every size so trends show early. Sized to what people
# perceive: a chat user notices no delay under ~250 ms, and Discord lets a bot send ~50
# requests a second (the logging target is ten times that, every question new).
SPEEDUP_MIN = 20.0
ANSWER_P99_MAX_MS = 5.0
LOAD_RATIO_MAX = 1.5
RELOAD_RATIO_MAX = 0.10
RSS_MAX_MB = 500.0
STALL_MAX_MS = 250.0
LOGGED_MIN = 500.0


def versions() -> str:
    from importlib.metadata import version

    import yaml

    libyaml = "libyaml" if getattr(yaml, "__with_libyaml__", False) else "no libyaml"
    parts = [
        f"Python {platform.python_version()}",
        f"{os.cpu_count()} cores",
        *(f"{name} {version(name)}" for name in ("rapidfuzz", "PyYAML", "pydantic")),
        libyaml,
    ]
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=_common.BENCH_DIR,
            check=True,
        ).stdout.strip()
        parts.append(f"commit {commit}")
    return ", ".join(parts)


def _ms(value: float) -> str:
    return f"{value:.2f} ms" if value < 100 else f"{value:,.0f} ms"


def _s(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _x(value: float) -> str:
    return f"{value:.2f}x" if value < 10 else f"{value:.0f}x"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _rate(value: float) -> str:
    return f"{value:,.0f}/s"


def _eval(targets: list[list]) -> str:
    return " ".join(f"{correct}/{total}" for _label, correct, total, _met in targets)


# (label, value of a size's results as text, target: (test, wording) or None)
Row = tuple[str, Callable[[dict], str], tuple[Callable[[dict], bool], str] | None]

ROWS: list[Row | str] = [
    "knowledge base",
    ("facts (synthetic + bundled)", lambda r: f"{r['facts']:,}", None),
    ("YAML files / MiB", lambda r: f"{r['files']} / {r['bytes'] / 2**20:.1f}", None),
    ("example questions", lambda r: f"{r['examples']:,}", None),
    "matcher, per question",
    ("questions asked (x reps)", lambda r: f"{r['questions']}", None),
    ("AnswerEngine.answer median", lambda r: _ms(r["ours_median_ms"]), None),
    (
        "AnswerEngine.answer p99",
        lambda r: _ms(r["ours_p99_ms"]),
        (lambda r: r["ours_p99_ms"] <= ANSWER_P99_MAX_MS, f"<= {ANSWER_P99_MAX_MS:.0f} ms"),
    ),
    ("baseline questions (once each)", lambda r: f"{r['base_questions']}", None),
    ("baseline extractOne median", lambda r: _ms(r["base_median_ms"]), None),
    ("baseline extractOne p99", lambda r: _ms(r["base_p99_ms"]), None),
    (
        "speed-up (baseline / ours, medians)",
        lambda r: _x(r["speedup"]),
        (lambda r: r["speedup"] >= SPEEDUP_MIN, f">= {SPEEDUP_MIN:.0f}x"),
    ),
    ("right fact: hit / reworded / typo", lambda r: _trio(r), None),
    ("near misses answered anyway", lambda r: _pct(r["answered_miss"]), None),
    "loading",
    ("cold load_knowledge", lambda r: _s(r["load_s"]), None),
    ("  + AnswerEngine index", lambda r: _s(r["index_s"]), None),
    ("yaml.load CSafeLoader, same files", lambda r: _s(r["csafe_s"]), None),
    (
        "load_knowledge / CSafeLoader",
        lambda r: _x(r["load_ratio"]),
        (lambda r: r["load_ratio"] <= LOAD_RATIO_MAX, f"<= {LOAD_RATIO_MAX}x"),
    ),
    ("(load + index) / CSafeLoader", lambda r: _x(r["load_index_ratio"]), None),
    ("reload, 1 file changed: load_knowledge", lambda r: _s(r["reload_load_s"]), None),
    ("reload, 1 file changed: TradeQA.reload", lambda r: _s(r["reload_s"]), None),
    (
        "TradeQA.reload / cold (load + index)",
        lambda r: _pct(r["reload_ratio"]),
        (lambda r: r["reload_ratio"] <= RELOAD_RATIO_MAX, f"<= {RELOAD_RATIO_MAX:.0%}"),
    ),
    "memory (a fresh process: load, index, answer, then reload)",
    ("RSS after load", lambda r: f"{r['rss_load_mb']:,.0f} MB", None),
    ("RSS after index", lambda r: f"{r['rss_index_mb']:,.0f} MB", None),
    (
        "peak RSS, load + index + answer",
        lambda r: f"{r['rss_peak_mb']:,.0f} MB",
        (lambda r: r["rss_peak_mb"] <= RSS_MAX_MB, f"<= {RSS_MAX_MB:.0f} MB"),
    ),
    (
        "peak RSS, then one TradeQA.reload",
        lambda r: f"{r['rss_reload_peak_mb']:,.0f} MB",
        (lambda r: r["rss_reload_peak_mb"] <= RSS_MAX_MB, f"<= {RSS_MAX_MB:.0f} MB"),
    ),
    ("RSS after the reload", lambda r: f"{r['rss_after_reload_mb']:,.0f} MB", None),
    "evaluation set (answerable offtopic neardomain greeting)",
    ("bundled knowledge base alone", lambda r: _eval(r["eval_real"]), None),
    (
        "beside the synthetic facts",
        lambda r: _eval(r["eval_scaled"]),
        (lambda r: r["eval_same"], "no clear answer lost"),
    ),
    ("questions whose answer changed", lambda r: str(len(r["eval_changed"])), None),
    "event loop (1 ms ticker; a stream of TradeQA.ask)",
    ("longest stall, nothing running (baseline)", lambda r: _ms(r["stall_idle_ms"]), None),
    (
        "longest stall while answering",
        lambda r: _ms(r["stall_answering_ms"]),
        (lambda r: r["stall_answering_ms"] <= STALL_MAX_MS, f"<= {STALL_MAX_MS:.0f} ms"),
    ),
    (
        "longest stall during TradeQA.reload",
        lambda r: _ms(r["stall_reload_ms"]),
        (lambda r: r["stall_reload_ms"] <= STALL_MAX_MS, f"<= {STALL_MAX_MS:.0f} ms"),
    ),
    ("reload time / answers meanwhile", lambda r: _during(r), None),
    ("longest GC pause: answering / reload", lambda r: _gc(r), None),
    "query log (TradeQA.ask: answer, commit, reply)",
    *(
        (
            f"logged questions, {c} asker{'s' if c > 1 else ''} (popular recur)",
            (lambda r, c=c: _rate(r[f"logged_{c}"])),
            None,
        )
        for c in CONCURRENCY
    ),
    (
        "logged questions, 100, every one new",
        lambda r: _rate(r["logged_new_100"]),
        (lambda r: r["logged_new_100"] >= LOGGED_MIN, f">= {LOGGED_MIN:,.0f}/s"),
    ),
    ("logging alone, 100 (QueryLog.record)", lambda r: _rate(r["log_only"]), None),
]


def _trio(r: dict) -> str:
    return " / ".join(_pct(r[f"right_{k}"]) for k in ("hit", "variant", "typo"))


def _gc(r: dict) -> str:
    return f"{_ms(r['gc_answering_ms'])} / {_ms(r['gc_reload_ms'])}"


def _during(r: dict) -> str:
    return f"{_s(r['reload_in_service_s'])} / {r['answers_during_reload']:,}"


def table(results: list[dict], header: str) -> str:
    columns = [_size_label(r["size"]) for r in results]
    rows = [["synthetic facts", *columns, "target"]]
    for row in ROWS:
        if isinstance(row, str):
            rows += [[], [row]]  # a blank line, then the section's title
            continue
        label, show, target = row
        cells = []
        for result in results:
            mark = "" if target is None else " ok" if target[0](result) else " MISS"
            cells.append(show(result) + mark)
        rows.append([label, *cells, target[1] if target else ""])
    full = [row for row in rows if len(row) > 1]
    widths = [max(len(row[i]) for row in full) for i in range(len(columns) + 2)]

    def render(row: list[str]) -> str:
        if len(row) < 2:
            return "".join(row)
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(widths[i + 1]) for i, cell in enumerate(row[1:-1])]
        return "  ".join([*cells, row[-1]]).rstrip()

    lines = [render(rows[0])]
    lines.append("-" * len(lines[0]))
    lines += [render(row) for row in rows[1:]]
    return header + "\n\n" + "\n".join(lines)


def _size_label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else f"{size:,}"


def verdicts(results: list[dict]) -> list[str]:
    """Each target at the largest size measured, ok or MISS."""
    largest = max(results, key=lambda r: r["size"])
    lines = [f"targets at {largest['facts']:,} facts:"]
    for row in ROWS:
        if isinstance(row, str) or row[2] is None:
            continue
        label, show, (test, wording) = row
        mark = "ok  " if test(largest) else "MISS"
        lines.append(f"  {mark} {label.strip()}: {show(largest)} (target {wording})")
    changed = largest["eval_changed"]
    if changed:
        lines.append(f"evaluation questions answered differently at {largest['facts']:,} facts:")
        for c in changed:
            verdict = {(True, False): "now WRONG", (False, True): "now right"}.get(
                (c["was_right"], c["is_right"]), "still " + ("right" if c["is_right"] else "wrong")
            )
            lines.append(
                f"  [{c['category']}] {c['question']!r}: {c['real']} -> {c['scaled']} "
                f"(score {c['score']}; {verdict})"
            )
    return lines
