"""The school commands of `techkompas`: `serve` (the pupil and counsellor pages), `feedback
export`, `class create|report|purge` and joining a class for `ask --class CODE`, with stable JSON
for scripts and schools without a browser at hand."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

log = logging.getLogger("techkompas")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("feedback", help="the thumbs up/down pupils gave")
    feedback_sub = p.add_subparsers(dest="feedback_command", required=True)
    f = feedback_sub.add_parser("export", help="write all feedback as CSV")
    f.add_argument("--csv", type=Path, required=True, help="the CSV file to write")

    p = sub.add_parser("serve", help="start the chat in the browser")
    p.add_argument("--index", type=Path)
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p = sub.add_parser("serve-llm", help="the local model as an OpenAI-compatible server")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--llm-port", dest="llm_port", type=int, default=8000)
    p = sub.add_parser("loadtest", help="simulated pupils against a running server (loopback)")
    p.add_argument("--url", help="the running server (default: http://HOST:PORT/ of settings)")
    p.add_argument("--users", type=int, default=30, help="pupils asking at the same time")
    p.add_argument("--seconds", type=float, default=60, help="how long to keep asking")
    p.add_argument("--questions", type=Path, help="conversations (default: evals/class_mix.txt)")
    p.add_argument("--think", type=float, default=20.0, help="seconds to read and type")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--json", action="store_true")
    p = sub.add_parser("class", help="class sessions for a counsellor (decaan)")
    class_sub = p.add_subparsers(dest="class_command", required=True)
    c = class_sub.add_parser("create", help="start a class session: a join code for pupils")
    c.add_argument("--label", required=True, help="e.g. '3H2 loopbaanles'")
    c.add_argument("--level", choices=["vmbo", "havo", "vwo"])
    c.add_argument("--region", help="province, e.g. Gelderland")
    c.add_argument("--companies", default="", help="company ids to highlight, comma-separated")
    c.add_argument("--hours", type=float, default=2.0, help="how long the code works")
    c.add_argument("--json", action="store_true")
    r = class_sub.add_parser("report", help="what a class asked (aggregates only)")
    r.add_argument("code")
    r.add_argument("--json", action="store_true")
    q = class_sub.add_parser("purge", help="delete class sessions past their retention")
    q.add_argument("--older-than", type=int, help="days after a session ended (default: settings)")
    q.add_argument("--json", action="store_true")


def open_classroom(settings: Any) -> Any:
    from assistant.catalog import Catalog
    from assistant.classroom import Classroom
    from assistant.storage import open_storage

    storage = open_storage(settings.storage_url)
    return Classroom(storage, catalog=Catalog.from_corpus(settings.corpus_dir))


def cmd_class(settings: Any, args: argparse.Namespace) -> int:
    from assistant.errors import ClassSessionError, ConfigurationError

    classroom = open_classroom(settings)
    try:
        if args.class_command == "create":
            out = _create(settings, classroom, args)
        elif args.class_command == "report":
            out = classroom.report(args.code).as_json()
        else:
            days = args.older_than or settings.session_retention_days
            sessions, events = classroom.purge(days)
            out = {"deleted_sessions": sessions, "deleted_events": events}
    except ClassSessionError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from exc
    finally:
        classroom.storage.close()
    print(json.dumps(out, ensure_ascii=False) if args.json else _plain(out))
    return 0


def _create(settings: Any, classroom: Any, args: argparse.Namespace) -> dict[str, Any]:
    companies = [c.strip() for c in args.companies.split(",") if c.strip()]
    session = classroom.create(
        args.label,
        level=args.level,
        region=args.region,
        companies=companies,
        hours=args.hours,
        max_pupils=settings.class_max_pupils,
    )
    url = f"http://{settings.host}:{settings.port}/?klas={session.code}"
    return {"code": session.code, "url": url, "expires_at": session.expires_at.isoformat()}


def _plain(out: dict[str, Any]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in out.items())


def cmd_feedback(settings: Any, args: argparse.Namespace) -> int:
    from assistant.feedback import export_csv
    from assistant.storage import open_storage

    with open_storage(settings.storage_url) as storage:
        rows = export_csv(storage, args.csv)
    print(f"{rows} feedback row(s) written to {args.csv}", file=sys.stderr)
    return 0


def cmd_serve_llm(settings: Any, args: argparse.Namespace) -> int:
    import os

    from assistant.errors import ConfigurationError
    from assistant.llm_server import MODEL_ALIAS, server_command

    try:
        import llama_cpp.server.app  # noqa: F401
    except ImportError as exc:
        raise ConfigurationError(
            f"the model server is not installed ({exc}): run `make install-llm`"
        ) from exc
    command = server_command(settings, args.host, args.llm_port)
    print(
        f"Serving the model on http://{args.host}:{args.llm_port}/v1 as {MODEL_ALIAS!r}. Point "
        f"Techkompas at it: TECHKOMPAS_LLM=openai TECHKOMPAS_OPENAI_MODEL={MODEL_ALIAS} "
        f"TECHKOMPAS_OPENAI_BASE_URL=http://{args.host}:{args.llm_port}/v1",
        file=sys.stderr,
        flush=True,
    )
    os.execv(command[0], command)  # the server replaces this process (signals reach it)


def cmd_loadtest(settings: Any, args: argparse.Namespace) -> int:
    from assistant.errors import ConfigurationError
    from evals.loadtest import Plan, format_summary, read_conversations, run_loadtest

    try:
        plan = Plan(
            url=args.url or f"http://{settings.host}:{settings.port}/",
            users=args.users,
            seconds=args.seconds,
            conversations=read_conversations(args.questions),
            think_s=args.think,
            seed=args.seed,
        )
        result = run_loadtest(plan)
    except (OSError, ValueError) as exc:
        raise ConfigurationError(str(exc)) from exc
    print(json.dumps(result, ensure_ascii=False) if args.json else format_summary(result))
    return 1 if result["errors"] else 0


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


def join_class(settings: Any, code: str) -> tuple[Any, Any]:
    """Join a class session as one (anonymous) pupil: (classroom, session)."""
    from assistant.errors import ClassSessionError, ConfigurationError

    classroom = open_classroom(settings)
    try:
        return classroom, classroom.join(code)
    except ClassSessionError as exc:
        raise ConfigurationError(f"--class {code}: {exc.message}") from exc
