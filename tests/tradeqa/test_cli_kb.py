"""`tradeqa kb …` and --knowledge as a moderator uses them: the edit loop in a checkout,
the bundled base beside one's own folder, a copied folder that keeps working."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from knowledge_helpers import QUILLET_FACTS, add_quillets, knowledge_copy

from knowledge.loader import load_knowledge
from knowledge.paths import BUNDLED_DIR, SCHEMA_FILE
from tradeqa.cli import main

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"


def run(*argv: str, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tradeqa", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        **kwargs,
    )


def test_a_copied_knowledge_folder_with_a_new_fact_passes_check_and_test(tmp_path, capsys):
    folder = knowledge_copy(tmp_path / "elsewhere")  # sources/ travels with the folder
    add_quillets(folder)

    assert main(["kb", "check", str(folder)]) == 0
    assert "ok:" in capsys.readouterr().out
    # The new fact takes no answer from the others: the evaluation scores as before.
    main(["kb", "test", "--json"])
    before = json.loads(capsys.readouterr().out)
    main(["kb", "test", "--json", "--knowledge", str(folder)])
    after = json.loads(capsys.readouterr().out)
    assert after["targets"] == before["targets"]
    assert after["passed"] == before["passed"]
    assert main(["ask", "--no-log", "--json", "--knowledge", str(folder), "quillet tariff?"]) == 0
    assert json.loads(capsys.readouterr().out)["fact_id"] == "test-quillet-tariff"


def test_the_readme_example_fact_is_valid(tmp_path, capsys):
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### Adding a fact") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)[1]
    folder = knowledge_copy(tmp_path)
    (folder / "new-fact.yaml").write_text(example, encoding="utf-8")
    assert main(["kb", "check", str(folder)]) == 0, capsys.readouterr()


def test_every_kb_command_names_the_folders_it_read(tmp_path, capsys):
    folder = tmp_path / "mine"
    shutil.copytree(BUNDLED_DIR / "sources", folder / "sources")
    add_quillets(folder)
    for argv in (["check"], ["test"], ["list"], ["show", "test-quillet-tariff"]):
        main(["kb", *argv, "--knowledge", str(folder)])
        out = capsys.readouterr().out
        assert str(folder) in out.splitlines()[0], (argv, out)
    main(["kb", "list"])
    assert "(bundled)" in capsys.readouterr().out.splitlines()[0]


def test_bundled_loads_beside_another_folder_by_flag_and_environment(tmp_path, capsys):
    folder = tmp_path / "mine"
    (folder / "sources").mkdir(parents=True)
    add_quillets(folder)
    bundled_facts = set(load_knowledge([BUNDLED_DIR]).facts)

    main(["kb", "list", "--json", "--knowledge", "bundled", "--knowledge", str(folder)])
    ids = {row["fact_id"] for row in json.loads(capsys.readouterr().out)}
    assert ids == bundled_facts | set(QUILLET_FACTS)

    env = {**os.environ, "TRADEQA_KNOWLEDGE": f"bundled:{folder}"}
    for question, fact in [("quillet tariff?", "test-quillet-tariff"), ("mi308?", None)]:
        done = run("ask", "--no-log", "--json", question, env=env, cwd=tmp_path)
        answer = json.loads(done.stdout)
        assert answer["answered"], done.stderr
        assert fact is None or answer["fact_id"] == fact


def test_kb_show_prints_the_answer_its_source_and_questions(capsys):
    assert main(["kb", "show", "china-share-of-nvidia-sales-2024"]) == 0
    out = capsys.readouterr().out
    assert "13%" in out and "Source: " in out
    assert "Asked as:" in out and "id: china-share-of-nvidia-sales-2024" in out


def test_kb_show_of_an_unknown_id_suggests_ids(capsys):
    assert main(["kb", "show", "h20"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "did you mean h20-" in err


def test_kb_schema_dash_writes_standard_output(tmp_path):
    done = run("kb", "schema", "--output", "-", cwd=tmp_path)
    assert done.returncode == 0
    assert json.loads(done.stdout) == json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert list(tmp_path.iterdir()) == []  # no file named '-'


def test_the_cli_reads_the_checkouts_knowledge_folder(tmp_path):
    # The README installs with `pip install -e .`: an edit to knowledge/facts in the checkout
    # is what every command reads, from any directory, without reinstalling.
    assert BUNDLED_DIR == REPO / "knowledge" / "facts"
    assert SCHEMA_FILE == REPO / "knowledge" / "schema" / "knowledge.schema.json"
    done = run("kb", "check", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert str(REPO / "knowledge" / "facts") in done.stdout


@pytest.mark.parametrize("command", ["check", "test", "list"])
def test_a_folder_that_does_not_exist_is_one_clear_problem(tmp_path, command):
    done = run("kb", command, "--knowledge", str(tmp_path / "missing"))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert str(tmp_path / "missing") in done.stderr + done.stdout


def test_kb_schema_refuses_to_write_into_an_installed_package(monkeypatch, capsys, tmp_path):
    # Installed without -e, the schema file lies in site-packages: writing it would change
    # nothing anyone edits, so say how to get it instead.
    monkeypatch.setattr("knowledge.paths.CHECKOUT_DIR", None)
    before = SCHEMA_FILE.stat().st_mtime_ns
    assert main(["kb", "schema"]) == 1
    err = capsys.readouterr().err
    assert "pip install -e ." in err and "--output -" in err
    assert SCHEMA_FILE.stat().st_mtime_ns == before
    assert main(["kb", "schema", "--output", str(tmp_path / "s.json")]) == 0
    assert (tmp_path / "s.json").read_text() == SCHEMA_FILE.read_text()
