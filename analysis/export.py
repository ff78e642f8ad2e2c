"""Write the tidy tables of a corpus as CSV files that can be used outside Python."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.pipeline import Tables

DOCUMENT_EXPORT_COLUMNS = ["doc_id", "file", "published", "date_source", "date_note", "period",
                           "headline", "outlet", "event", "n_sentences", "n_tokens", "n_words",
                           "n_removed_chars"]


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write ``table`` as UTF-8 CSV with ``\\n`` line ends and no index, the same bytes every run."""
    table.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def export_tables(tables: Tables, out: str | Path) -> list[Path]:
    """Write ``documents.csv``, ``sentences.csv``, ``tokens.csv``, ``cleaning_report.csv`` and
    ``run_report.csv`` into ``out`` (created if missing); return the paths written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "documents.csv": tables.documents[DOCUMENT_EXPORT_COLUMNS],
        "sentences.csv": tables.sentences,
        "tokens.csv": tables.tokens,
        "cleaning_report.csv": tables.cleaning_report,
        "run_report.csv": tables.report,
    }
    written = []
    for name, table in files.items():
        write_csv(table, out / name)
        written.append(out / name)
    return written
