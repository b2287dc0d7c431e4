"""The privacy audit, run for real: `techkompas -v serve` (logging at INFO, under the network
guard), a counsellor opens a class session, three pupils join and ask questions with a name, an
e-mail address and a phone number in them, and rate the answers with comments that hold the
same. Then everything the run left behind — the server's output, the database (every table,
every text column, the raw file), the index, Gradio's temp folder — is scanned
(tests/hardening/audit.py) for pupil text, personal data and IP addresses."""

from __future__ import annotations

import re
import sqlite3

import pytest

from assistant import texts
from tests.hardening import netguard
from tests.hardening.audit import Secrets, audit

PASSWORD = "privacy-wachtwoord-9"
NAME, EMAIL, PHONE = "Sanne de Vries", "sanne@example.nl", "0612345678"
PERSONAL = ("Sanne", "de Vries", EMAIL, PHONE, "06-12345678")
# (question, thumbs, comment): each question carries words only a pupil typed (the markers)
PUPILS = [
    (
        f"Ik ben {NAME}, mail {EMAIL}, {PHONE}. Wat doet een procesoperator, vraagt mijn buurmeisje?",
        "feedback-up",
        f"Top uitleg! Groetjes, ik ben {NAME}, {EMAIL} of 06-12345678",
    ),
    (
        f"Hoeveel verdient een piloot bij KLM met een zaterdagbaantje? Ik heet {NAME}, {PHONE}",
        "feedback-down",
        f"Geen antwoord over mijn klusjesbus, mail {EMAIL}",
    ),
    (f"Wat is Jet-Net? Mijn mail is {EMAIL} en ik woon in een woonboot", None, ""),
]
MARKERS = ("buurmeisje", "zaterdagbaantje", "klusjesbus", "woonboot")


@pytest.fixture(scope="module")
def class_period(tmp_path_factory):
    """A served class period; the server is stopped before the test scans what it left."""
    from tests.hardening.served import Page, build_index, start_server

    root = tmp_path_factory.mktemp("privacy")
    env = build_index(root)
    env["TECHKOMPAS_COUNSELLOR_PASSWORD"] = PASSWORD
    server = start_server(root, env)
    try:
        counsellor = Page(server.url)
        counsellor.outputs(counsellor.fn_index("counsellor-login"), None, PASSWORD)
        created = counsellor.outputs(counsellor.fn_index("class-create"), None, "3H2 privacy",
                                     "havo", "", [], 2)  # fmt: skip
        code = re.search(r"klas=([A-Z0-9]+)", created[2]).group(1)
        statuses, chats, thanks = [], [], []
        for question, thumbs, comment in PUPILS:
            pupil = Page(server.url, config=counsellor.config)
            statuses.append(pupil.outputs(pupil.api_fn("join"), code, None))
            chats.append(pupil.outputs(pupil.api_fn("chat"), question, [], None)[0])
            if thumbs:
                thanks.append(pupil.outputs(pupil.fn_index(thumbs), comment, None)[0])
        counsellor.outputs(counsellor.fn_index("counsellor-export"), None)
    finally:
        server.stop()
    return {"root": root, "server": server, "statuses": statuses, "chats": chats,
            "thanks": thanks}  # fmt: skip


@pytest.mark.slow
def test_the_class_period_really_happened(class_period):
    """The audit below means something only if the run stored and logged what it should."""
    assert all(any("3H2 privacy" in str(o) for o in out) for out in class_period["statuses"])
    assert all(len(chat) == 2 for chat in class_period["chats"])
    assert class_period["thanks"] == [texts.FEEDBACK_THANKS] * 2
    with sqlite3.connect(class_period["root"] / "techkompas.sqlite3") as db:
        comments = [r[0] for r in db.execute("SELECT comment FROM feedback ORDER BY id")]
        kinds = dict(db.execute("SELECT kind, count(*) FROM session_events GROUP BY kind"))
        unanswered = [r[0] for r in db.execute("SELECT text FROM session_events WHERE text != ''")]
    assert len(comments) == 2 and "[e-mail]" in comments[0] and "[naam]" in comments[0]
    assert kinds["join"] == 3 and kinds["question"] == 3
    assert any("zaterdagbaantje" in text for text in unanswered)  # scrubbed text is stored
    log = class_period["server"].stderr.read_text(errors="replace")
    assert len(re.findall(r"^INFO assistant\.pipeline: question: \d+ chars", log, re.M)) >= 3


@pytest.mark.slow
def test_nothing_kept_holds_pupil_text_personal_data_or_an_ip_address(class_period):
    root, server = class_period["root"], class_period["server"]
    secrets = Secrets(PERSONAL, MARKERS, own_addresses=(f"127.0.0.1:{server.port}",))
    findings = audit(
        secrets,
        logs=[server.stderr, server.stdout],
        databases=[root / "techkompas.sqlite3"],
        folders=[root / "index"],
    )
    # Gradio's temp folder: the counsellor's exported report may list scrubbed unanswered
    # questions (by design, k >= 3); nothing else there may hold pupil text, nothing personal.
    temp = root / "gradio-tmp"
    assert list(temp.rglob("klas-*.csv")), "the export did not reach Gradio's temp folder"
    findings += audit(Secrets(PERSONAL, ()), folders=[temp])
    findings += [f for f in audit(secrets, folders=[temp]) if "/klas-" not in f.where]
    assert not findings, "\n".join(map(str, findings))


@pytest.mark.slow
def test_the_server_ran_under_the_network_guard_and_reached_nothing_outside(class_period):
    log = class_period["server"].guard_log
    assert log.read_text().startswith("active ")
    assert netguard.blocked(log) == []


# -- the scanner and the guard themselves can fail -----------------------------------------------


def test_the_audit_finds_what_it_looks_for(tmp_path):
    log = tmp_path / "server.err"
    log.write_text("INFO x: client 127.0.0.1:53122 asked about a woonboot\nINFO ok\n")
    db = tmp_path / "t.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE visits (id INTEGER, ip_address TEXT, note TEXT)")
        conn.execute("INSERT INTO visits VALUES (1, '10.1.2.3', 'bel 06-12345678')")
    folder = tmp_path / "index"
    folder.mkdir()
    (folder / "blob.bin").write_bytes(b"\x00\x01Sanne\x00")
    found = {(f.where, f.what) for f in audit(Secrets(PERSONAL, MARKERS), logs=[log],
                                                 databases=[db], folders=[folder])}  # fmt: skip
    assert ("server.err:1", "IP address") in found
    assert ("server.err:1", "pupil text 'woonboot'") in found
    assert ("t.sqlite3:visits", "identifying column") in found
    assert ("t.sqlite3:visits.ip_address", "IP address") in found
    assert ("t.sqlite3:visits.note", "phone number") in found
    assert any(w == "index/blob.bin" and "Sanne" in what for w, what in found)


def test_the_server_own_address_is_not_a_finding():
    from tests.hardening.audit import scan_text

    own = Secrets((), (), ("127.0.0.1:7861",))
    assert not scan_text("* Running on local URL:  http://127.0.0.1:7861", "log", own)
    assert scan_text("GET / from 127.0.0.1:40022", "log", own)


def test_the_guard_refuses_an_outside_connection_in_a_child_process(tmp_path):
    import subprocess
    import sys

    log = tmp_path / "guard.log"
    env = netguard.guarded_env(tmp_path / "site", log)
    code = (
        "import socket\n"
        "try:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\n"
        "except ConnectionRefusedError as e:\n    print('refused', e)\n"
        "try:\n    socket.getaddrinfo('example.com', 443)\n"
        "except socket.gaierror as e:\n    print('no lookup', e)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert "refused" in done.stdout and "no lookup" in done.stdout, done.stderr
    assert len(netguard.blocked(log)) == 2


def test_the_audit_after_the_test_run_finds_a_leak_in_any_storage_database():
    import tempfile
    from pathlib import Path

    from assistant.storage import Feedback, open_storage
    from tests.hardening.audit import audit_test_run

    # Not in pytest's temporary folder: the audit at the end of the run would find the leak.
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        clean = open_storage(f"sqlite:///{folder / 'a' / 'clean.sqlite3'}")
        clean.add_feedback(Feedback(1, "answered", "extractive", ("x",), "v1", comment="top"))
        assert audit_test_run(folder) == (1, [])
        leaky = open_storage(f"sqlite:///{folder / 'b' / 'leaky.sqlite3'}")
        leaky.add_feedback(Feedback(-1, "answered", "extractive", (), "v1", comment="06-12345678"))
        scanned, found = audit_test_run(folder)
        clean.close()
        leaky.close()
    assert scanned == 2 and [f.where for f in found] == ["leaky.sqlite3:feedback.comment"]
