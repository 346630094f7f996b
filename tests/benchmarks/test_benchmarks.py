"""The benchmark's tools: the synthetic knowledge base and the table (no timings asserted)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.loader import load_knowledge
from knowledge.paths import BUNDLED_DIR
from knowledge.schema import to_dict
from knowledge.text import words

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import synth  # noqa: E402  (lives in benchmarks/, put on the path just above)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "kb"
    synth.generate(50, folder)
    return folder


def _all_bytes(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_fifty_facts_load_as_one_valid_knowledge_base(synthetic):
    kb = load_knowledge([synthetic])  # every excerpt and quote checked against its document

    assert len(kb.facts) == 50
    assert sorted(p.name for p in kb.files) == [
        "facts-0001.yaml",
        "sources.yaml",
        "vocabulary.yaml",
    ]
    assert {fact.kind for fact in kb.facts.values()} >= {"policy", "figure", "date", "quote"}
    for fact in kb.facts.values():
        assert 4 <= len(fact.questions) <= 8
        assert 1 <= len(fact.entities) <= 3
        assert fact.keywords and fact.aliases


def test_facts_are_spread_over_files_of_a_thousand(tmp_path):
    synth.generate(2300, tmp_path)
    kb = load_knowledge([tmp_path])

    names = sorted(p.name for p in kb.files if p.name.startswith("facts-"))
    assert names == ["facts-0001.yaml", "facts-0002.yaml", "facts-0003.yaml"]
    assert len(kb.facts) == 2300


def test_it_loads_beside_the_bundled_knowledge_base(synthetic):
    kb = load_knowledge([BUNDLED_DIR, synthetic])

    bundled = load_knowledge([BUNDLED_DIR])
    assert len(kb.facts) == len(bundled.facts) + 50
    assert len(kb.entities) > len(bundled.entities)


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(synthetic, tmp_path):
    synth.generate(50, tmp_path / "again")
    synth.generate(50, tmp_path / "other", seed=synth.DEFAULT_SEED + 1)

    assert _all_bytes(tmp_path / "again") == _all_bytes(synthetic)
    assert _all_bytes(tmp_path / "other") != _all_bytes(synthetic)


def test_no_synthetic_text_names_anyone_or_anything_of_the_real_knowledge_base(synthetic):
    bundled = load_knowledge([BUNDLED_DIR])
    names = {"eu", "xi", "jinping", "apple", "intel", "tsmc", "samsung", "huawei", "japan"}
    names |= {"netherlands", "asml", "bloomberg", "blackwell", "canada", "paris", "tokyo"}
    for entity in bundled.entities.values():
        for name in (entity.id.replace("-", " "), entity.name, *entity.aliases):
            names.add(" ".join(words(name)))
    kb = load_knowledge([synthetic])
    texts = [_strings(fact, skip={"unit"}) for fact in kb.facts.values()]
    texts += [_strings(entity) for entity in kb.entities.values()]
    texts += [path.read_text() for path in (synthetic / "documents").rglob("*.txt")]

    found = set()
    for text in texts:
        padded = f" {' '.join(words(text))} "
        found.update(name for name in names if f" {name} " in padded)
    assert not found


def _strings(item, skip: frozenset[str] | set[str] = frozenset()) -> str:
    """Every text an item holds, nested ones too (a figure's unit code excepted)."""
    return _strings_of(to_dict(item), skip)


def _strings_of(data: dict, skip: frozenset[str] | set[str]) -> str:
    out = []
    for name, value in data.items():
        if name in skip:
            continue
        for item in value if isinstance(value, list | tuple) else [value]:
            if isinstance(item, str):
                out.append(item)
            elif isinstance(item, dict):
                out.append(_strings_of(item, skip))
    return "\n".join(out)


def run_script(script: str, *args: str, timeout: float = 120, env=None):
    """A benchmark script run as its users run it: a separate Python, its output captured."""
    return subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )


def test_the_command_line_writes_the_files(tmp_path):
    completed = run_script("synth.py", "30", str(tmp_path))

    assert completed.returncode == 0, completed.stderr
    assert "wrote 30 facts in 1 file(s)" in completed.stdout
    assert len(load_knowledge([tmp_path]).facts) == 30


def test_the_benchmark_prints_every_row_of_its_table(tmp_path):
    import bench

    completed = run_script(
        "bench.py",
        *("--sizes", "200", "--reps", "1", "--questions", "40", "--baseline-questions", "10"),
        *("--seconds", "0.1", "--out", str(tmp_path), "--json", str(tmp_path / "results.json")),
    )

    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert any(line.split() == ["synthetic", "facts", "200", "target"] for line in lines)
    for label, _show, target in (row for row in bench.ROWS if not isinstance(row, str)):
        line = next((line for line in lines if line.startswith(label + " ")), None)
        assert line is not None, f"row {label!r} missing"
        assert line[len(label) :].strip(), f"row {label!r} has no value"
        if target:
            assert re.search(rf" (ok|MISS)\s+{re.escape(target[1])}$", line), line
    total = 200 + len(load_knowledge([BUNDLED_DIR]).facts)  # beside the bundled base
    assert f"targets at {total} facts:" in lines
    results = json.loads((tmp_path / "results.json").read_text())
    assert [r["facts"] for r in results["results"]] == [total]


def test_the_memory_breakdown_lists_every_structure_and_the_reload_peak(tmp_path):
    completed = run_script("memory_breakdown.py", "--size", "200", "--out", str(tmp_path))

    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    for label in ("RSS after index", "facts (Fact objects)", "index postings", "one reload"):
        line = next((line for line in lines if label in line), None)
        assert line is not None and re.search(r"\d MB", line), label


QUICK_LOG_RUN = ("--questions", "100", "--repeat", "1", "--dir")


@pytest.mark.parametrize("server", ["given", "none"])
def test_the_log_throughput_table_has_sqlite_beside_postgresql(tmp_path, server):
    from storage_helpers import postgres_server

    env = {k: v for k, v in os.environ.items() if k != "TRADEQA_TEST_POSTGRES_URL"}
    if server == "given":
        url, why = postgres_server()
        if url is None:
            pytest.skip(why)
        env["TRADEQA_TEST_POSTGRES_URL"] = url
    completed = run_script("log_throughput.py", *QUICK_LOG_RUN, str(tmp_path), timeout=300, env=env)
    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert lines[1].split() == ["askers", "SQLite", "FULL", "SQLite", "NORMAL", "PostgreSQL"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:5]}
    assert set(rows) == {"1", "10", "100"}
    for cells in rows.values():
        assert all(cell.replace(",", "").isdigit() for cell in cells[:2])
        assert (cells[2] == "skipped") == (server == "none")
    if server == "none":
        assert lines[-1].startswith("PostgreSQL column skipped: no server")
