"""The shared YAML corpus: invalid YAML, valid YAML that is no knowledge file, hostile YAML.

Every file must be rejected with a KnowledgeError naming that file, never a traceback, crash
or hang. The corpus lives outside the repository (../shared/corpus); see its README.md.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from knowledge.loader import load_knowledge
from knowledge.problems import KnowledgeError

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
FOLDERS = ("yaml-invalid", "yaml-valid-other", "yaml-hostile")
# Segfaults libyaml's recursive composer: only ever opened in a child process here.
DEEPEST = "deep_flow_seq_100000.yaml"
# The suite says "error" but PyYAML's safe_load accepts them (README.md): still no knowledge files.
# A clear reason for refusing deep nesting, in the loader's words or libyaml's.
NESTING = re.compile(r"\bnest(ed|ing)\b", re.IGNORECASE)
PYYAML_ACCEPTS = ("9C9N", "9JBA", "CVW2", "DK95-01", "G5U8", "QB6E", "S98Z", "SU5Z", "YJV2")

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the shared YAML corpus is not at {CORPUS}"
)


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for folder in FOLDERS for p in (CORPUS / folder).iterdir() if p.is_file())


def rejection(path: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge([path])
    problems = caught.value.problems
    assert problems, path
    assert {p.file for p in problems} == {path}
    messages = [p.message for p in problems]
    assert all(m and "Traceback" not in m for m in messages)
    return messages


def test_the_corpus_is_complete():
    assert len(corpus_files()) == 143


@pytest.mark.parametrize(
    "path", [p for p in corpus_files() if p.name != DEEPEST], ids=lambda p: p.name
)
def test_every_corpus_file_is_rejected_with_a_message_naming_it(path):
    rejection(path)


@pytest.mark.parametrize("case", PYYAML_ACCEPTS)
def test_yaml_pyyaml_wrongly_accepts_is_still_no_knowledge_file(case):
    rejection(CORPUS / "yaml-invalid" / f"{case}.yaml")


@pytest.mark.parametrize(
    "name",
    [
        "billion_laughs_9x10.yaml",
        "billion_laughs_block_style.yaml",
        "recursive_alias.yaml",
        "recursive_alias_mapping.yaml",
    ],
)
def test_alias_bombs_stop_at_their_first_anchor(name):
    [message] = rejection(CORPUS / "yaml-hostile" / name)
    assert message.startswith("anchor &")
    assert "anchors and aliases are not allowed" in message


@pytest.mark.parametrize(
    "name",
    [
        "deep_flow_seq_10000.yaml",
        "deep_flow_map_10000.yaml",
        "deep_block_seq_10000.yaml",
        "deep_flow_seq_unclosed_10000.yaml",
    ],
)
def test_deep_nesting_is_rejected_as_too_deep(name):
    # Whichever layer stops it (the loader's 32-level limit, or libyaml's own since PyYAML
    # 6.0.4), the file is refused with one problem, on its first line, that says why.
    [message] = rejection(CORPUS / "yaml-hostile" / name)
    assert NESTING.search(message), message


def test_100000_levels_neither_crash_nor_hang_the_process():
    # In a child process: if this ever reached libyaml's recursive composer it would segfault.
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from knowledge.loader import load_knowledge
        from knowledge.problems import KnowledgeError
        try:
            load_knowledge([Path({str(CORPUS / "yaml-hostile" / DEEPEST)!r})])
        except KnowledgeError as error:
            print(error)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr  # negative would mean killed by a signal
    [line] = done.stdout.strip().splitlines()
    assert line.startswith(f"{CORPUS / 'yaml-hostile' / DEEPEST}:1:")
    assert NESTING.search(line), line
