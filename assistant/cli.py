"""The `techkompas` command. Thin: parses arguments, builds settings once, imports lazily.
This is the composition root: it sets the offline environment before anything heavy loads."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.offline import apply_offline_env
from assistant.settings import BACKENDS
from assistant.types import DOC_TYPES, LEVELS

log = logging.getLogger("techkompas")
Handler = Callable[[Any, argparse.Namespace], int]


def _parser() -> argparse.ArgumentParser:
    from assistant import __version__

    parser = argparse.ArgumentParser(prog="techkompas", description=__doc__)
    parser.add_argument("--version", action="version", version=f"techkompas {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress (INFO)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="embed documents into the index (incremental)")
    p.add_argument("paths", nargs="*", type=Path, help="files or folders (default: corpus/)")
    p.add_argument("--index", type=Path, help="index directory (default: data/index)")
    p.add_argument("--rebuild", action="store_true", help="drop the collection first")
    p.add_argument("--json", action="store_true", help="print one JSON summary object")

    p = sub.add_parser("search", help="show the best passages for a question")
    _question_args(p)
    p.add_argument("--k", type=int, help="number of passages (default 5)")
    p.add_argument("--type", dest="doc_type", choices=DOC_TYPES)
    p.add_argument("--since", help="only documents dated (checked) on or after YYYY-MM-DD")

    p = sub.add_parser("ask", help="answer a question in Dutch, with sources")
    _question_args(p)
    p.add_argument("--llm", choices=BACKENDS, help="answer backend (default: settings)")

    p = sub.add_parser(
        "eval", help="answer-quality evals; 'eval compare RUN_A RUN_B' compares runs"
    )
    p.add_argument("runs", nargs="*", help="compare RUN_A RUN_B")
    p.add_argument("--gold", type=Path, action="append", help="gold JSONL (default: evals/gold/*)")
    p.add_argument(
        "--pipeline",
        default="hybrid",
        choices=["naive", "dense", "bm25", "hybrid", "hybrid+rerank"],
    )
    p.add_argument("--llm", choices=BACKENDS, help="answer backend (default: settings)")
    p.add_argument("--out", type=Path, help="run folder (default: evals/runs/<time>)")
    p.add_argument("--limit", type=int, help="evaluate an even spread of N items")
    p.add_argument("--index", type=Path, help="eval index (default: data/eval-index)")
    p.add_argument("--gate", action="store_true", help="exit 1 below evals/thresholds.json")

    p = sub.add_parser("corpus", help="work with the corpus folder")
    corpus_sub = p.add_subparsers(dest="corpus_command", required=True)
    c = corpus_sub.add_parser("check", help="validate every corpus file (file:line: message)")
    c.add_argument("dir", nargs="?", type=Path, help="corpus folder (default: corpus/)")

    p = sub.add_parser("feedback", help="the thumbs up/down pupils gave")
    feedback_sub = p.add_subparsers(dest="feedback_command", required=True)
    f = feedback_sub.add_parser("export", help="write all feedback as CSV")
    f.add_argument("--csv", type=Path, required=True, help="the CSV file to write")

    p = sub.add_parser("serve", help="start the chat in the browser")
    p.add_argument("--index", type=Path)
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    return parser


def _question_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("question", nargs="?")
    p.add_argument("--queries", type=Path, help="file with one question per line")
    p.add_argument("--index", type=Path)
    p.add_argument("--region", help="province, e.g. Gelderland")
    p.add_argument("--level", choices=LEVELS)
    p.add_argument("--json", action="store_true", help="one JSON line per question")


def main(argv: list[str] | None = None) -> int:
    apply_offline_env()
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    from assistant.errors import TechkompasError
    from assistant.settings import load_settings

    handlers: dict[str, Handler] = {
        "ingest": cmd_ingest,
        "search": cmd_search,
        "serve": cmd_serve,
        "corpus": cmd_corpus,
        "ask": cmd_ask,
        "eval": cmd_eval,
        "feedback": cmd_feedback,
    }
    try:
        settings = load_settings(
            index_dir=getattr(args, "index", None),
            host=getattr(args, "host", None),
            port=getattr(args, "port", None),
            llm=getattr(args, "llm", None),
        )
        return handlers[args.command](settings, args)
    except TechkompasError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def cmd_ingest(settings: Any, args: argparse.Namespace) -> int:
    from ingest.indexer import index_paths

    report = index_paths(
        settings, args.paths or [settings.corpus_dir], rebuild=args.rebuild, progress=not args.json
    )
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        print(
            f"{report.files_indexed} files indexed, {report.files_unchanged} unchanged, "
            f"{report.files_removed} removed; {report.chunks_embedded} chunks embedded, "
            f"{report.chunks_total} in the index"
        )
        for failure in report.failed:
            print(f"failed: {failure['error']}", file=sys.stderr)
    return 1 if report.failed else 0


def _questions(args: argparse.Namespace) -> list[str]:
    from assistant.errors import ConfigurationError

    if args.queries:
        try:
            lines = args.queries.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigurationError(f"Cannot read --queries file {args.queries}: {exc}") from exc
        return [line.strip() for line in lines if line.strip()]
    if args.question:
        return [args.question]
    raise ConfigurationError(
        "Give a question, e.g. techkompas search 'Wat is Jet-Net?', or --queries FILE"
    )


def _date(value: str | None) -> int | None:
    import datetime as dt

    from assistant.errors import ConfigurationError

    if not value:
        return None
    try:
        return int(dt.date.fromisoformat(value).strftime("%Y%m%d"))
    except ValueError as exc:
        raise ConfigurationError(f"--since {value!r} is not a date like 2024-01-31") from exc


def cmd_search(settings: Any, args: argparse.Namespace) -> int:
    from assistant.wiring import open_assistant

    questions = _questions(args)
    assistant = open_assistant(settings.model_copy(update={"llm": "extractive"}))
    for question in questions:
        found = assistant.search(
            question,
            args.k,
            province=args.region,
            level=args.level,
            doc_type=args.doc_type,
            since=_date(args.since),
        )
        if args.json:
            hits = [h.as_json(r) for r, h in enumerate(found.hits, 1)]
            out = {"question": question, "hits": hits, "stages": found.stages}
            print(json.dumps(out, ensure_ascii=False), flush=True)
            continue
        print(f"? {question}")
        print(f"  stages: {' -> '.join(found.stages)}")
        for rank, hit in enumerate(found.hits, 1):
            page = f" p.{hit.page}" if hit.page else ""
            snippet = " ".join(hit.text.split())[:160]
            print(f"  {rank}. [{hit.score:.3f}] {hit.source}{page} — {snippet}")
    return 0


def cmd_ask(settings: Any, args: argparse.Namespace) -> int:
    from assistant.texts import message
    from assistant.wiring import open_assistant

    questions = _questions(args)
    assistant = open_assistant(settings)
    for question in questions:
        answer = assistant.ask(question, level=args.level, region=args.region)
        if args.json:
            out = {
                "question": question,
                "answer": message(answer),
                "outcome": str(answer.outcome),
                "sources": [
                    {"n": n, "chunk_id": h.chunk_id, "source": h.source, "page": h.page,
                     "title": h.title}
                    for n, h in enumerate(answer.hits, 1)
                ],
                "companies": [m.as_json() for m in answer.companies],
                "refused": answer.refused,
            }  # fmt: skip
            print(json.dumps(out, ensure_ascii=False), flush=True)
            continue
        print(message(answer))
        for n, hit in enumerate(answer.hits, 1):
            page = f", p. {hit.page}" if hit.page else ""
            print(f"  [{n}] {hit.title} ({hit.source}{page})")
        for match in answer.companies:
            print(f"  * {match.company.name} ({match.company.city}): {match.reason}")
        print()
    return 0


def cmd_eval(settings: Any, args: argparse.Namespace) -> int:
    from evals.command import run_eval

    return run_eval(settings, args)


def cmd_feedback(settings: Any, args: argparse.Namespace) -> int:
    from assistant.feedback import export_csv
    from assistant.storage import open_storage

    with open_storage(settings.storage_url) as storage:
        rows = export_csv(storage, args.csv)
    print(f"{rows} feedback row(s) written to {args.csv}", file=sys.stderr)
    return 0


def cmd_corpus(settings: Any, args: argparse.Namespace) -> int:
    from ingest.validate import check_corpus

    root = args.dir or settings.corpus_dir
    if not root.is_dir():
        print(f"error: no corpus folder at {root}", file=sys.stderr)
        return 2
    report = check_corpus(root)
    for problem in report.problems:
        print(problem)
    for warning in report.route_gaps():
        print(warning)
    for line in report.coverage():
        print(line)
    print(f"{len(report.problems)} problem(s)" if report.problems else "corpus OK")
    return 1 if report.problems else 0


def cmd_serve(settings: Any, args: argparse.Namespace) -> int:
    import threading

    from assistant.wiring import open_assistant
    from ui.app import build_app, launch

    assistant = open_assistant(settings)
    storage = open_pupil_storage(settings)
    threading.Thread(target=assistant.warm_up, name="warm-up", daemon=True).start()
    launch(build_app(assistant, storage), settings)
    return 0


def open_pupil_storage(settings: Any) -> Any:
    """The feedback/class-session database, purged of data past its retention; None (feedback
    off, the chat goes on) when it cannot be opened."""
    import datetime as dt

    from assistant.errors import StorageUnavailableError
    from assistant.storage import open_storage

    try:
        storage = open_storage(settings.storage_url)
    except StorageUnavailableError as exc:
        log.warning("feedback is off: %s", exc)
        return None
    now = dt.datetime.now(dt.UTC)
    storage.purge(
        sessions_before=now - dt.timedelta(days=settings.session_retention_days),
        feedback_before=now - dt.timedelta(days=settings.feedback_retention_days),
    )
    return storage


if __name__ == "__main__":
    sys.exit(main())
