"""Shared fixtures: the real model, and an editable copy of content/ and seeds/."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assessment.loader import DEFAULT_CONTENT_DIR, DEFAULT_SEEDS_DIR, load_model
from assessment.model import Model
from tests import toml_writer


@pytest.fixture(scope="session")
def model() -> Model:
    return load_model()


class ContentCopy:
    """A writable copy of content/ and seeds/ that tests break on purpose."""

    def __init__(self, root: Path) -> None:
        self.content = root / "content"
        self.seeds = root / "seeds"
        shutil.copytree(DEFAULT_CONTENT_DIR, self.content)
        shutil.copytree(DEFAULT_SEEDS_DIR, self.seeds)

    def read(self, name: str) -> dict[str, Any]:
        with (self.content / name).open("rb") as handle:
            return tomllib.load(handle)

    def edit(self, name: str, change: Callable[[dict[str, Any]], object]) -> None:
        document = self.read(name)
        change(document)
        (self.content / name).write_text(toml_writer.dumps(document), encoding="utf-8")

    def load(self) -> Model:
        return load_model(self.content, self.seeds)


@pytest.fixture
def content_copy(tmp_path: Path) -> ContentCopy:
    return ContentCopy(tmp_path)
