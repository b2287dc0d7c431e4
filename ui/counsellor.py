"""The counsellor's page (/decaan), as plain functions: log in with the school's secret, create a
class session (code, link and QR code to project), watch the class's aggregates, export them.
No Gradio here; ui/app.py wires it. The page is off when TECHKOMPAS_COUNSELLOR_PASSWORD is not
set, and the pupil page never shows any of it."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import secrets
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from assistant import texts
from assistant.catalog import Catalog
from assistant.classroom import Classroom
from assistant.errors import ClassSessionError, StorageUnavailableError
from ui.dashboard import dashboard_html, report_csv, report_html

log = logging.getLogger(__name__)
FREE_TRIES = 3  # wrong passwords before each further try waits
MAX_DELAY = 30.0


class Gate:
    """The counsellor secret, kept only as a salted scrypt hash in memory; compared in constant
    time; after FREE_TRIES wrong tries every try waits longer (2, 4, 8 ... up to 30 s)."""

    def __init__(self, password: str | None, sleep: object = time.sleep) -> None:
        self._salt = secrets.token_bytes(16)
        self._hash = self._digest(password) if password else None
        self._failures = 0
        self._lock = threading.Lock()
        self._sleep = sleep

    @property
    def enabled(self) -> bool:
        return self._hash is not None

    def _digest(self, attempt: str) -> bytes:
        return hashlib.scrypt(attempt.encode(), salt=self._salt, n=2**14, r=8, p=1)

    def check(self, attempt: str) -> bool:
        if self._hash is None:
            return False
        with self._lock:
            delay = min(2.0 ** (self._failures - FREE_TRIES + 1), MAX_DELAY)
            waits = self._failures >= FREE_TRIES
        if waits:
            self._sleep(delay)  # type: ignore[operator]
        ok = hmac.compare_digest(self._digest(attempt or ""), self._hash)
        with self._lock:
            self._failures = 0 if ok else self._failures + 1
        if not ok:
            log.warning("a wrong counsellor password (try %d)", self._failures)
        return ok


@dataclass
class CounsellorState:
    """Per browser tab: logged in or not, and the session being watched."""

    logged_in: bool = False
    code: str = ""


def log_in(gate: Gate, state: CounsellorState, attempt: str) -> str:
    if not gate.enabled:
        return texts.COUNSELLOR_OFF
    state.logged_in = gate.check(attempt)
    return texts.COUNSELLOR_WELCOME if state.logged_in else texts.COUNSELLOR_WRONG


@dataclass(frozen=True)
class Created:
    message: str
    code: str = ""
    link: str = ""
    qr_svg: str = ""


def create_session(
    classroom: Classroom | None,
    state: CounsellorState,
    catalog: Catalog,
    base_url: str,
    *,
    label: str,
    level: str | None,
    region: str | None,
    companies: list[str],
    hours: float,
    max_pupils: int = 40,
) -> Created:
    if not state.logged_in:
        return Created(texts.COUNSELLOR_LOG_IN_FIRST)
    if classroom is None:
        return Created(texts.COUNSELLOR_NO_STORAGE)
    try:
        session = classroom.create(
            label,
            level=level,
            region=region,
            companies=companies,
            hours=hours,
            max_pupils=max_pupils,
            catalog=catalog,
        )
    except ValueError as exc:
        return Created(texts.COUNSELLOR_BAD_INPUT.format(problem=exc))
    except StorageUnavailableError as exc:
        log.warning("class session not created: %s", exc)
        return Created(texts.COUNSELLOR_NO_STORAGE)
    state.code = session.code
    link = f"{base_url.rstrip('/')}/?klas={session.code}"
    until = session.expires_at.astimezone().strftime("%H:%M")
    message = texts.COUNSELLOR_CREATED.format(code=session.code, until=until)
    return Created(message, session.code, link, qr_svg(link))


def qr_svg(link: str) -> str:
    """The join link as a QR code (segno), an inline SVG big enough for a projector."""
    import segno

    return str(segno.make(link, error="m").svg_inline(scale=8, dark="#1a1a1a", light="#ffffff"))


def dashboard(classroom: Classroom | None, state: CounsellorState) -> str:
    if not state.logged_in or not state.code or classroom is None:
        return ""
    try:
        return dashboard_html(classroom.report(state.code))
    except (ClassSessionError, StorageUnavailableError) as exc:
        log.warning("dashboard not refreshed: %s", exc)
        return f"<p>{texts.COUNSELLOR_NO_STORAGE}</p>"


def export(classroom: Classroom | None, state: CounsellorState) -> list[str]:
    """The session's CSV and self-contained HTML report as files to download ([] when there is
    nothing to export)."""
    if not state.logged_in or not state.code or classroom is None:
        return []
    try:
        report = classroom.report(state.code)
    except (ClassSessionError, StorageUnavailableError) as exc:
        log.warning("export failed: %s", exc)
        return []
    folder = Path(tempfile.mkdtemp(prefix="techkompas-klas-"))
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    csv_path = folder / f"klas-{report.code}.csv"
    html_path = folder / f"klas-{report.code}.html"
    csv_path.write_text(report_csv(report), encoding="utf-8")
    html_path.write_text(report_html(report, stamp), encoding="utf-8")
    return [str(csv_path), str(html_path)]
