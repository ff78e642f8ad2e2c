"""Shared fixtures: the seed corpus built once, and a factory for small corpora on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from analysis.pipeline import Tables, build_tables

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(autouse=True)
def chunks_of_one_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test asking for several workers runs the worker pool, even on the five seed
    articles: chunks may hold a single article (the default keeps small corpora in one process)."""
    monkeypatch.setattr("analysis.parallel.MIN_CHUNK", 1)


@pytest.fixture(scope="session")
def seed_tables() -> Tables:
    return build_tables(SEEDS)


@pytest.fixture
def write_corpus(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write ``{file name: text or bytes}`` into a fresh directory and return it."""

    def write(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "corpus"
        root.mkdir(exist_ok=True)
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            (root / name).write_bytes(data)
        return root

    return write


def one_doc(text: str, doc_id: str = "a", headline: str = "") -> pd.DataFrame:
    """A documents table holding one raw text."""
    return pd.DataFrame({"doc_id": [doc_id], "text": [text], "headline": [headline]})
