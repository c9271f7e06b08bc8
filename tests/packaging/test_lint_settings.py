"""The lint settings in pyproject.toml name only what is there."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_every_folder_ruff_skips_exists() -> None:
    ruff = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    skipped = ruff.get("exclude", []) + ruff.get("extend-exclude", [])
    assert [path for path in skipped if not (REPO / path).exists()] == []
