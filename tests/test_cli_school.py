"""The school commands' JSON contracts: class create/report/purge, ask --class, feedback export."""

import json
from pathlib import Path

import pytest

from assistant.cli import main


@pytest.fixture
def school(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, corpus: Path, capsys) -> Path:
    monkeypatch.setenv("TECHKOMPAS_EMBEDDING_MODEL", "fake")
    monkeypatch.setenv("TECHKOMPAS_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("TECHKOMPAS_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("TECHKOMPAS_DATABASE_URL", f"sqlite:///{tmp_path / 'school.sqlite3'}")
    assert main(["ingest", str(corpus), "--json"]) == 0
    capsys.readouterr()
    return tmp_path


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_class_create_report_and_purge_keep_their_json_contract(school, capsys):
    assert main(["class", "create", "--label", "3H2 loopbaanles", "--level", "havo",
                 "--region", "Groningen", "--companies", "zoutwerk-delfzijl", "--json"]) == 0  # fmt: skip
    created = _json(capsys)
    assert set(created) == {"code", "url", "expires_at"}
    assert created["url"].endswith(f"/?klas={created['code']}") and len(created["code"]) == 6
    for _ in range(3):
        args = ["ask", "Wat doet een procesoperator?", "--class", created["code"], "--json"]
        assert main(args) == 0
    capsys.readouterr()
    assert main(["class", "report", created["code"], "--json"]) == 0
    report = _json(capsys)
    assert {"code", "label", "pupils", "questions", "topics", "unanswered", "feedback",
            "quiz"} <= set(report)  # fmt: skip
    assert (report["pupils"], report["questions"]) == (3, 3)
    assert {"topic": "procesoperator", "kind": "role", "count": 3} in report["topics"]
    assert main(["class", "purge", "--json"]) == 0
    assert _json(capsys) == {"deleted_sessions": 0, "deleted_events": 0}  # not ended yet
    assert main(["class", "purge", "--older-than", "0", "--json"]) == 0
    assert _json(capsys) == {"deleted_sessions": 0, "deleted_events": 0}  # ends in 2 hours


def test_a_bad_class_request_is_one_clear_line(school, capsys):
    assert main(["class", "create", "--label", "x", "--companies", "bestaat-niet", "--json"]) == 2
    assert "bestaat-niet" in capsys.readouterr().err
    assert main(["class", "report", "ABCDEF", "--json"]) == 2
    assert main(["ask", "Wat is Jet-Net?", "--class", "ZZZZZZ"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") >= 1 and "Traceback" not in err
