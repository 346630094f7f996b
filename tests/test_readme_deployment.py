"""The README's deployment steps: the systemd unit systemd accepts, the settings it needs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(title)
    following = re.compile(r"^#{2,3} ", re.MULTILINE).search(text, start + len(title))
    return text[start : following.start() if following else None]


def unit_text() -> str:
    return re.search(r"```ini\n(.*?)```", _section("### As a systemd service"), re.DOTALL)[1]


def unit_settings() -> dict[str, list[str]]:
    settings: dict[str, list[str]] = {}
    for line in unit_text().splitlines():
        if "=" in line and not line.startswith(("#", ";")):
            key, _, value = line.partition("=")
            settings.setdefault(key, []).append(value)
    return settings


def env_file_example() -> dict[str, str]:
    block = re.search(r"```bash\n(.*?)```", _section("## Running the bot on Discord"), re.S)[1]
    lines = [line.strip() for line in block.splitlines()]
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_unit_and_env_file_have_no_end_of_line_comments():
    # systemd has none: `EnvironmentFile=/etc/tradeqa/env  # ...` names a file that does not
    # exist, and `KEY=value  # ...` keeps the comment in the value.
    for key, values in unit_settings().items():
        assert all("#" not in value for value in values), key
    assert all("#" not in value for value in env_file_example().values())


def test_the_query_log_is_inside_the_only_folder_the_service_may_write():
    settings = unit_settings()
    writable = [PurePosixPath(p) for value in settings["ReadWritePaths"] for p in value.split()]
    db = PurePosixPath(env_file_example()["TRADEQA_DB"])
    assert any(db.parent.is_relative_to(folder) for folder in writable)
    assert settings["User"] == ["tradeqa"] and settings["EnvironmentFile"] == ["/etc/tradeqa/env"]


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here"
)
def test_systemd_analyze_verify_accepts_the_unit(tmp_path):
    # verify also checks that ExecStart's program exists: point it at this installation's.
    script = Path(sys.executable).parent / "tradeqa"
    text = unit_text().replace("/srv/tradeqa/venv/bin/tradeqa", str(script))
    unit = tmp_path / "tradeqa.service"
    unit.write_text(text, encoding="utf-8")
    done = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    complaints = [line for line in (done.stdout + done.stderr).splitlines() if "tradeqa" in line]
    assert done.returncode == 0 and complaints == [], done.stdout + done.stderr


def test_the_sharded_template_unit_runs_the_same_bot_with_its_own_shard_range():
    text = re.search(r"```ini\n(.*?)```", _section("## Running at scale"), re.DOTALL)[1]
    template = [line for line in text.splitlines() if line and not line.startswith("#")]
    single = [line for line in unit_text().splitlines() if line and not line.startswith("#")]
    # Beyond the shard range and waiting for PostgreSQL, the same service, hardening included.
    assert [line for line in template if line not in single] == [
        "Description=tradeqa Discord bot, shards %i",
        "After=network-online.target postgresql.service",
        "EnvironmentFile=/etc/tradeqa/shards-%i.env",
    ]
    assert [line for line in single if line not in template] == [
        "Description=tradeqa Discord bot",
        "After=network-online.target",
    ]
    section = _section("## Running at scale")
    assert "TRADEQA_SHARDS=0-3/8" in section and "TRADEQA_SHARDS=4-7/8" in section


@pytest.mark.skipif(
    shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here"
)
def test_systemd_analyze_verify_accepts_an_instance_of_the_template(tmp_path):
    text = re.search(r"```ini\n(.*?)```", _section("## Running at scale"), re.DOTALL)[1]
    script = Path(sys.executable).parent / "tradeqa"
    unit = tmp_path / "tradeqa@0-3.service"
    unit.write_text(text.replace("/srv/tradeqa/venv/bin/tradeqa", str(script)), encoding="utf-8")
    done = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60
    )
    complaints = [line for line in (done.stdout + done.stderr).splitlines() if "tradeqa" in line]
    assert done.returncode == 0 and complaints == [], done.stdout + done.stderr
