"""Knowledge files and their documents stay inside the knowledge folder: no file outside it is
read, echoed, or answered yes/no about (red-team H3, L6)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from knowledge.loader import load_knowledge
from knowledge.problems import KnowledgeError

SECRET = "DISCORD_TOKEN=MTIzNDU2Nzg5.secret-part-of-the-token"

SOURCES = """\
sources:
  - id: article
    headline: A headline
    document: {document}
facts:
  - id: a-fact
    title: A fact
    answer: Something happened.
    kind: event
    questions: [what happened?]
    sources:
      - source: article
        excerpt: {excerpt}
"""


def knowledge_folder(
    tmp_path: Path, document: str = "article.txt", excerpt: str = "happened"
) -> Path:
    """tmp_path/kb with one source and fact; a secret .env beside the folder, outside it."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / ".env").write_text(SECRET + "\n")
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "article.txt").write_text("Something happened.\n")
    (kb / "facts.yaml").write_text(SOURCES.format(document=document, excerpt=excerpt))
    return kb


def problems(*paths: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(list(paths))
    return [str(p) for p in caught.value.problems]


def test_a_yaml_symlink_to_a_file_outside_the_folder_is_refused_without_reading_it(tmp_path):
    kb = knowledge_folder(tmp_path)
    (kb / "token.yaml").symlink_to("../.env")
    assert problems(kb) == [
        f"{kb}/token.yaml:0:0: a symlink leading outside the knowledge folder: not read"
    ]


def test_a_symlink_given_by_name_must_stay_in_its_own_folder(tmp_path):
    kb = knowledge_folder(tmp_path)
    (kb / "token.yaml").symlink_to(tmp_path / ".env")
    assert problems(kb / "token.yaml") == [
        f"{kb}/token.yaml:0:0: a symlink leading outside the knowledge folder: not read"
    ]


def test_a_symlink_inside_the_folder_is_followed(tmp_path):
    kb = knowledge_folder(tmp_path)
    (kb / "real").mkdir()
    (kb / "facts.yaml").rename(kb / "real" / "facts.yml")
    (kb / "real" / "article.txt").write_text("Something happened.\n")
    (kb / "facts.yaml").symlink_to("real/facts.yml")
    assert list(load_knowledge([kb]).facts) == ["a-fact"]


def test_a_symlink_to_something_that_is_not_a_file_is_refused(tmp_path):
    kb = knowledge_folder(tmp_path)
    os.mkfifo(kb / "pipe")
    (kb / "pipe.yaml").symlink_to("pipe")
    assert problems(kb) == [f"{kb}/pipe.yaml:0:0: a symlink to something that is not a file"]


def test_a_symlink_loop_is_one_problem_not_a_traceback(tmp_path):
    kb = knowledge_folder(tmp_path)
    (kb / "loop.yaml").symlink_to("loop.yaml")
    assert problems(kb) == [f"{kb}/loop.yaml:0:0: a symlink loop: cannot be resolved"]


def test_a_file_that_is_not_a_knowledge_file_is_described_by_its_type_never_its_text(tmp_path):
    kb = knowledge_folder(tmp_path)
    (kb / "notes.yaml").write_text(SECRET + "\n")
    (kb / "list.yaml").write_text(f"- {SECRET}\n")
    found = problems(kb)
    assert found == [
        f"{kb}/list.yaml:1:1: the top level is a list, not a mapping: a knowledge file is a "
        "mapping of sections (sources:, facts:, entities:, synonyms:, shorthand:, tests:)",
        f"{kb}/notes.yaml:1:1: the top level is a string, not a mapping: a knowledge file is a "
        "mapping of sections (sources:, facts:, entities:, synonyms:, shorthand:, tests:)",
    ]
    assert not any("secret" in line for line in found)


@pytest.mark.parametrize(
    "document",
    ["../.env", "../kb/../.env", "/proc/self/environ", "{tmp}/.env", "../../../../../etc/hostname"],
)
def test_a_document_outside_the_folder_is_refused(tmp_path, document):
    kb = knowledge_folder(tmp_path, document=document.format(tmp=tmp_path))
    assert problems(kb) == [
        f"{kb}/facts.yaml:4:15: sources[0] (article) document: {document.format(tmp=tmp_path)}: "
        "outside the knowledge folder: not read"
    ]


def test_a_document_symlink_leading_outside_the_folder_is_refused(tmp_path):
    kb = knowledge_folder(tmp_path, document="article-link.txt")
    (kb / "article-link.txt").symlink_to("../.env")
    assert problems(kb) == [
        f"{kb}/facts.yaml:4:15: sources[0] (article) document: article-link.txt: "
        "a symlink leading outside the knowledge folder: not read"
    ]


def test_the_excerpt_check_is_no_oracle_for_files_outside_the_folder(tmp_path):
    # A right guess of the secret's first characters and a wrong one get the same answer.
    right = knowledge_folder(tmp_path / "right", document="../.env", excerpt="DISCORD_TOKEN=M")
    wrong = knowledge_folder(tmp_path / "wrong", document="../.env", excerpt="DISCORD_TOKEN=X")
    assert [line.replace("wrong", "right").replace("=X", "=M") for line in problems(wrong)] == (
        problems(right)
    )


def test_kb_check_never_prints_text_of_a_file_outside_the_folder(tmp_path):
    kb = knowledge_folder(tmp_path)
    (kb / "token.yaml").symlink_to("../.env")
    (kb / "notes.yaml").write_text(SECRET + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "tradeqa.cli", "kb", "check", str(kb)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "token.yaml" in done.stdout and "notes.yaml" in done.stdout
    assert "secret" not in done.stdout + done.stderr


# --- L6: nothing is skipped silently ---------------------------------------------------------


def test_an_unreadable_subfolder_is_a_problem_not_silently_skipped(tmp_path):
    kb = knowledge_folder(tmp_path)
    hidden_facts = kb / "more"
    hidden_facts.mkdir()
    (hidden_facts / "more.yaml").write_text("facts: []\n")
    hidden_facts.chmod(0)
    try:
        lines = _check_as_an_ordinary_user(kb)
    finally:
        hidden_facts.chmod(0o755)
    assert lines == [f"{hidden_facts}:0:0: cannot read the folder: Permission denied"]


def test_an_unreadable_file_is_a_problem(tmp_path):
    kb = knowledge_folder(tmp_path)
    (kb / "facts.yaml").chmod(0)
    assert _check_as_an_ordinary_user(kb) == [
        f"{kb}/facts.yaml:0:0: cannot read the file: Permission denied"
    ]


def _check_as_an_ordinary_user(kb: Path) -> list[str]:
    """The problems `load_knowledge([kb])` reports, as a user file permissions apply to.

    Run as root (as in CI containers), a forked child drops to `nobody` first.
    """
    if os.geteuid() != 0:
        return _problem_lines(kb)
    temporary = Path(tempfile.gettempdir()).resolve()
    if temporary not in kb.resolve().parents:
        pytest.skip("needs the test folder under the temporary folder, to open it to nobody")
    _problem_lines(kb)  # as root: imports whatever loading imports, while it still can
    # nobody must reach the folder: open the folders between it and /tmp, for this test only
    opened = {p: p.stat().st_mode for p in kb.resolve().parents if temporary in p.parents}
    try:
        for folder, mode in opened.items():
            folder.chmod(mode | 0o005)
        return _as_nobody(kb)
    finally:
        for folder, mode in opened.items():
            folder.chmod(mode)


def _as_nobody(kb: Path) -> list[str]:
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            os.write(write, "\n".join(_problem_lines(kb)).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as stream:
        output = stream.read()
    os.waitpid(child, 0)
    return output.splitlines()


def _problem_lines(kb: Path) -> list[str]:
    try:
        load_knowledge([kb])
    except KnowledgeError as exc:
        return [str(p) for p in exc.problems]
    return []
