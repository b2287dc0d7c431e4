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

from assistant import cli_school
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
    p.add_argument("--class", dest="class_code", help="count as a pupil of this class session")

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

    cli_school.add_parser(sub)

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
        "serve": cli_school.cmd_serve,
        "corpus": cmd_corpus,
        "ask": cmd_ask,
        "eval": cmd_eval,
        "feedback": cli_school.cmd_feedback,
        "class": cli_school.cmd_class,
        "loadtest": cli_school.cmd_loadtest,
        "serve-llm": cli_school.cmd_serve_llm,
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
        sentences = report.sentences_embedded
        print(
            f"{report.files_indexed} files indexed, {report.files_unchanged} unchanged, "
            f"{report.files_removed} removed; {report.chunks_embedded} chunks embedded, "
            f"{report.chunks_total} in the index"
            + (f"; {sentences} answer sentences embedded" if sentences else "")
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
    pupil = cli_school.join_class(settings, args.class_code) if args.class_code else None
    for question in questions:
        level, region = args.level, args.region
        if pupil is not None:
            level, region = level or pupil[1].level, region or pupil[1].region
        answer = assistant.ask(question, level=level, region=region)
        if pupil is not None:
            pupil[0].record_answer(pupil[1], question, answer)
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


if __name__ == "__main__":
    sys.exit(main())
