"""The privacy audit: scan what a run left behind — its logs, its databases, its folders — for
pupil text and personal data. `audit(...)` returns findings (empty is the pass); each says where
(file, table.column or log line) and what was found, so a failure points at the leak.

What counts:
- personal data, never allowed anywhere: the given secrets (a name, an e-mail address, a phone
  number), any e-mail address or Dutch phone number in text, and IP addresses (127.0.0.1 too:
  nothing may keep the client's address) — in text other than the server's own address;
- pupil text (the questions and comments as typed), allowed only in the database columns
  that hold a scrubbed question or comment by design (`PUPIL_TEXT_COLUMNS`), never in a log or
  any other file;
- a database column whose name says it holds an identifier (ip, host, user agent, e-mail, ...).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

IP = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])|(?<![\w:])::1(?![\w:])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?<!\d)(?:\+31|0031|0)[\s-]?6(?:[\s-]?\d){8}(?!\d)")
# Columns that keep a scrubbed question or comment on purpose (assistant/storage.py).
PUPIL_TEXT_COLUMNS = {"feedback.question", "feedback.comment", "session_events.text"}
IDENTIFYING_COLUMNS = {
    "ip", "ip_address", "client", "client_ip", "host", "remote_addr", "user_agent", "cookie",
    "session_hash", "email", "phone", "name", "username", "user_id", "pupil_id", "device",
}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    where: str
    what: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}: {self.excerpt!r}"


@dataclass(frozen=True)
class Secrets:
    """What to look for. `personal`: never anywhere; `pupil_text`: only in PUPIL_TEXT_COLUMNS;
    `own_addresses`: the server's own address as it prints it at start-up (not a client's)."""

    personal: tuple[str, ...]
    pupil_text: tuple[str, ...]
    own_addresses: tuple[str, ...] = ()


def _excerpt(text: str, start: int, end: int) -> str:
    return text[max(0, start - 40) : end + 40].replace("\n", " ")


def scan_text(
    text: str, where: str, secrets: Secrets, *, pupil_text_allowed: bool = False
) -> list[Finding]:
    """Findings in one text (a log, a column value, a file's bytes read as text)."""
    for own in secrets.own_addresses:
        text = text.replace(own, "<server>")
    found: list[Finding] = []
    lowered = text.lower()
    for secret in secrets.personal + (() if pupil_text_allowed else secrets.pupil_text):
        at = lowered.find(secret.lower())
        if at >= 0:
            kind = "personal data" if secret in secrets.personal else "pupil text"
            found.append(Finding(where, f"{kind} {secret!r}", _excerpt(text, at, at + len(secret))))
    for name, pattern in (("IP address", IP), ("e-mail address", EMAIL), ("phone number", PHONE)):
        for match in pattern.finditer(text):
            found.append(Finding(where, name, _excerpt(text, match.start(), match.end())))
    return found


def scan_log(path: Path, secrets: Secrets) -> list[Finding]:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return [
        finding
        for number, line in enumerate(text.splitlines(), 1)
        for finding in scan_text(line, f"{path.name}:{number}", secrets)
    ]


def scan_sqlite(path: Path, secrets: Secrets) -> list[Finding]:
    """Every table, every column: identifying column names, and every text value."""
    found: list[Finding] = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
            for column in columns:
                if column.lower() in IDENTIFYING_COLUMNS:
                    found.append(Finding(f"{path.name}:{table}", "identifying column", column))
            for row in db.execute(f'SELECT * FROM "{table}"'):
                for column, value in zip(columns, row, strict=True):
                    text = value.decode(errors="replace") if isinstance(value, bytes) else value
                    if isinstance(text, str):
                        where = f"{path.name}:{table}.{column}"
                        allowed = f"{table}.{column}" in PUPIL_TEXT_COLUMNS
                        found += scan_text(text, where, secrets, pupil_text_allowed=allowed)
    return found


def scan_bytes(path: Path, literals: Iterable[str], where: str) -> list[Finding]:
    """A file's bytes read as text, searched for `literals` (case-insensitive)."""
    text = path.read_bytes().decode("utf-8", errors="replace").lower()
    found = []
    for secret in literals:
        at = text.find(secret.lower())
        if at >= 0:
            found.append(Finding(where, f"{secret!r} in the file", _excerpt(text, at, at + 40)))
    return found


def scan_files(folder: Path, secrets: Secrets) -> list[Finding]:
    """Every file under `folder`: the secrets and the loopback address (binary index files
    hold random digits, so the IP and phone patterns are not used here)."""
    literals = (*secrets.personal, *secrets.pupil_text, "127.0.0.1")
    return [
        finding
        for path in sorted(p for p in folder.rglob("*") if p.is_file())
        for finding in scan_bytes(path, literals, str(path.relative_to(folder.parent)))
    ]


def audit(
    secrets: Secrets,
    *,
    logs: Iterable[Path] = (),
    databases: Iterable[Path] = (),
    folders: Iterable[Path] = (),
) -> list[Finding]:
    """All findings in the logs, the SQLite databases (their tables, then the raw bytes of the
    file and its journal, where deleted rows linger) and the folders; empty is the pass."""
    found: list[Finding] = []
    for log in logs:
        found += scan_log(log, secrets)
    for database in databases:
        found += scan_sqlite(database, secrets)
        for path in sorted(database.parent.glob(database.name + "*")):
            found += scan_bytes(path, (*secrets.personal, "127.0.0.1"), path.name)
    for folder in folders:
        found += scan_files(folder, secrets)
    return found


STORAGE_TABLES = {"feedback", "session_events", "class_sessions"}


def storage_databases(folder: Path) -> list[Path]:
    """Every SQLite file under `folder` that holds Techkompas storage (feedback, classes)."""
    found = []
    for path in sorted(folder.rglob("*.sqlite3")):
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                rows = db.execute("SELECT name FROM sqlite_master WHERE type='table'")
                tables = {r[0] for r in rows}
        except sqlite3.Error:
            continue
        if tables & STORAGE_TABLES:
            found.append(path)
    return found


def audit_test_run(folder: Path) -> tuple[int, list[Finding]]:
    """After the whole test run (tests/conftest.py): every storage database any test left in
    `folder` (pytest's temporary folder), scanned for e-mail addresses, phone numbers, IP
    addresses and identifying columns. Returns (databases scanned, findings)."""
    databases = storage_databases(folder)
    found = [f for db in databases for f in scan_sqlite(db, Secrets(personal=(), pupil_text=()))]
    return len(databases), found
