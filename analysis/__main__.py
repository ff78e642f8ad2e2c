"""Command line: ``python -m analysis --help``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import pandas as pd

from analysis.corpus import COLUMN_ROLES, REPORT_COLUMNS, CorpusError, TableColumns, check_out
from analysis.dates import parse_period_rule
from analysis.export import MANIFEST

EXAMPLES = """examples:
  python -m analysis export --corpus seeds --out out/seeds
  python -m analysis export --corpus articles.csv --out out/csv --text-column body --date-column published
  python -m analysis export --corpus articles.jsonl --out out/jsonl --strict --workers 2
  python -m analysis export --corpus articles.jsonl --out out/jsonl --no-cache
  python -m analysis export --corpus my_articles --out out/mine --periods year
  python -m analysis export --corpus my_articles --out out/mine \\
      --periods 2019-06-01:2019-12-31=before 2020-01-01:2020-06-30=after
  python -m analysis run-notebooks notebooks
  python -m analysis run-notebooks notebooks --corpus my_articles --out out/mine --workers 2
  python -m analysis run-notebooks notebooks --corpus articles.csv --out out/csv \\
      --text-column body --periods year
"""


def _columns(args: argparse.Namespace) -> TableColumns:
    """The column names given with the ``--*-column`` options."""
    return TableColumns(**{field: getattr(args, f"{field}_column") for field in COLUMN_ROLES})


def _export(args: argparse.Namespace) -> int:
    from analysis.cache import ArticleCache, corpus_key
    from analysis.export import current_export, export_tables, record_export, write_csv
    from analysis.pipeline import analyse

    check_out(args.corpus, args.out)
    columns = _columns(args)
    out, rule = Path(args.out), parse_period_rule(args.periods)
    cache = None if args.no_cache else out / "cache"
    key = None if cache is None else corpus_key(args.corpus, rule, args.strict, columns)
    if key is not None and (current := current_export(out, key)) is not None:
        paths, summary = current
        print("\n".join(map(str, paths)))
        print(
            f"{summary}; inputs, options and code unchanged since the last export into {out}: "
            "nothing rewritten (--no-cache recomputes)",
            file=sys.stderr,
        )
        return 0
    (out / MANIFEST).unlink(missing_ok=True)  # an interrupted export must not look complete
    try:
        analysis = analyse(
            args.corpus,
            rule,
            strict=args.strict,
            columns=columns,
            workers=args.workers,
            progress=sys.stderr.isatty(),
            cache=cache,
        )
    except CorpusError as exc:
        # the run stops, but the report still says which input stopped it and why
        out.mkdir(parents=True, exist_ok=True)
        report = pd.DataFrame(
            [{"input": exc.input or str(args.corpus), "doc_id": "", "status": "failed", "message": str(exc)}],
            columns=REPORT_COLUMNS,
        )
        write_csv(report, out / "run_report.csv")
        raise
    if cache is not None:
        ArticleCache(cache).prune(set(analysis.keys))  # entries of changed or removed articles
    paths = export_tables(analysis, out, args.workers)
    print("\n".join(map(str, paths)))
    counts = analysis.tables.report["status"].value_counts()
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(summary, file=sys.stderr)
    if key is not None:
        record_export(out, key, paths, summary)
    return 0


def _run_notebooks(args: argparse.Namespace) -> int:
    from analysis.notebooks import execute_notebook, numbered_notebooks, run_on_corpus

    paths = [p for folder in args.folders for p in numbered_notebooks(folder)]
    if not paths:
        raise CorpusError(f"no numbered notebooks (01_*.ipynb ...) in {', '.join(args.folders)}")
    if args.corpus:
        if not args.out:
            raise CorpusError("--corpus needs --out: the folder for the executed copies and their figures")
        check_out(args.corpus, args.out)
        columns = {k: v for k, v in asdict(_columns(args)).items() if v != getattr(TableColumns, k)}
        failed = run_on_corpus(
            paths,
            args.corpus,
            args.out,
            args.timeout,
            args.periods or (),
            columns,
            workers=args.workers,
            progress=sys.stderr.isatty(),
        )
        print(
            f"executed copies in {Path(args.out) / 'notebooks'}, figures in {Path(args.out) / 'figures'}",
            file=sys.stderr,
        )
        if failed:
            print(f"error: failed (see the error in each copy): {', '.join(failed)}", file=sys.stderr)
            return 1
        return 0
    for path in paths:
        print(f"executing {path}", file=sys.stderr)
        execute_notebook(path, timeout=args.timeout)
    return 0


def _add_corpus_options(parser: argparse.ArgumentParser, note: str = "") -> None:
    parser.add_argument(
        "--periods",
        nargs="+",
        metavar="RULE",
        help="'year', or FIRST:LAST=LABEL date ranges (inclusive); overrides the "
        f"period column of metadata.csv (default: that column, else the year){note}",
    )
    for field in COLUMN_ROLES:
        default = getattr(TableColumns, field)
        parser.add_argument(
            f"--{field}-column",
            default=default,
            metavar="NAME",
            help=f"column holding the {field} in a .csv or .jsonl corpus (default: {default}){note}",
        )


def _add_workers(parser: argparse.ArgumentParser, note: str = "") -> None:
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help=f"processes for the per-article steps{note} (default: every core, here %(default)s)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the sub-command; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="News-discourse analysis suite: export tidy tables, execute notebooks.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)

    export = commands.add_parser(
        "export",
        help="write the tidy tables of a corpus as CSV",
        description="Read a corpus and write every table of the suite as CSV into --out, with "
        "run_report.csv accounting for every input (read, read with warnings, skipped). "
        "Offsets (start, end) index each article's raw text. Nothing is written outside --out.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument(
        "--corpus",
        required=True,
        help="directory of .txt articles (with an optional metadata.csv), or a .csv / .jsonl "
        "file with one article per row",
    )
    export.add_argument(
        "--out", required=True, help="directory to write the CSV files into (not inside the corpus folder)"
    )
    _add_workers(export)
    export.add_argument(
        "--no-cache",
        action="store_true",
        help="compute every article afresh and keep no cache (default: each article's tables are "
        "kept in OUT/cache under a hash of its content, so a re-run recomputes only new or "
        "changed articles, and a re-run on unchanged inputs, options and code rewrites nothing: "
        f"OUT/{MANIFEST} records what the last export was made from)",
    )
    export.add_argument(
        "--strict",
        action="store_true",
        help="stop at the first problem with an input (exit status 2) instead of recording it",
    )
    _add_corpus_options(export)
    export.set_defaults(run=_export)

    run = commands.add_parser(
        "run-notebooks",
        help="execute numbered notebooks in place",
        description="Execute every numbered notebook (01_*.ipynb, ...) of each folder in order, "
        "in a fresh kernel of this environment, storing the outputs in place; with --corpus, "
        "execute copies on that corpus into --out instead, leaving the notebooks untouched.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("folders", nargs="+", help="folders holding the notebooks")
    run.add_argument("--timeout", type=int, default=600, help="seconds a cell may run (default 600)")
    run.add_argument(
        "--corpus", help="run copies of the notebooks on this corpus (a folder or a .csv/.jsonl file)"
    )
    run.add_argument("--out", help="with --corpus: where the executed copies and their figures go")
    _add_corpus_options(run, " (with --corpus)")
    _add_workers(run, " (with --corpus: the tables are computed once, before the notebooks run)")
    run.set_defaults(run=_run_notebooks)

    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (CorpusError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
