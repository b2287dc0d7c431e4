import json
from pathlib import Path

import pytest

from assistant.cli import main


@pytest.fixture
def fake_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("TECHKOMPAS_EMBEDDING_MODEL", "fake")
    return tmp_path / "index"


def _ingest_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["ingest", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_ingest_json_contract(fake_env: Path, corpus: Path, capsys):
    code, out = _ingest_json(capsys, str(corpus), "--index", str(fake_env))
    assert code == 0
    assert set(out) == {
        "files_indexed",
        "files_unchanged",
        "files_removed",
        "chunks_embedded",
        "chunks_total",
        "failed",
    }
    assert out["files_indexed"] == 5 and out["failed"] == []
    code, again = _ingest_json(capsys, str(corpus), "--index", str(fake_env))
    assert again["chunks_embedded"] == 0 and again["chunks_total"] == out["chunks_total"]


def test_ingest_exits_1_and_lists_failures_but_indexes_the_rest(
    fake_env: Path, corpus: Path, capsys
):
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.4 nope")
    code, out = _ingest_json(capsys, str(corpus), "--index", str(fake_env))
    assert code == 1
    assert out["files_indexed"] == 5
    assert [f["path"] for f in out["failed"]] == ["corpus/kapot.pdf"]
    assert isinstance(out["failed"][0]["error"], str)


def test_search_json_contract(fake_env: Path, corpus: Path, capsys, tmp_path: Path):
    _ingest_json(capsys, str(corpus), "--index", str(fake_env))
    queries = tmp_path / "q.txt"
    queries.write_text("Wat is Jet-Net?\n\nWat doet een procesoperator?\n", encoding="utf-8")
    assert (
        main(["search", "--queries", str(queries), "--k", "2", "--index", str(fake_env), "--json"])
        == 0
    )
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["question"] for line in lines] == [
        "Wat is Jet-Net?",
        "Wat doet een procesoperator?",
    ]
    hit = lines[1]["hits"][0]
    assert set(hit) == {"rank", "chunk_id", "source", "page", "title", "text", "score"}
    assert hit["rank"] == 1 and hit["source"] == "corpus/roles/procesoperator.yaml"
    assert hit["page"] is None and isinstance(hit["score"], float)
    assert len(lines[0]["hits"]) == 2


def test_search_without_index_says_how_to_fix(fake_env: Path, capsys):
    assert main(["search", "Wat is Jet-Net?", "--index", str(fake_env)]) == 2
    assert f"No index at {fake_env}: run 'techkompas ingest' first" in capsys.readouterr().err


def test_index_built_with_another_model_is_refused(
    fake_env: Path, corpus: Path, capsys, monkeypatch
):
    _ingest_json(capsys, str(corpus), "--index", str(fake_env))
    monkeypatch.setenv("TECHKOMPAS_EMBEDDING_MODEL", "minilm")
    assert main(["search", "Wat is Jet-Net?", "--index", str(fake_env)]) == 2
    assert "techkompas ingest --rebuild" in capsys.readouterr().err


def test_unknown_setting_value_is_a_clear_error(monkeypatch, capsys):
    monkeypatch.setenv("TECHKOMPAS_EMBEDDING_MODEL", "gpt")
    with pytest.raises(Exception, match="unknown embedding model 'gpt'"):
        main(["search", "x"])


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("techkompas 0.")


def test_ask_json_contract(fake_env: Path, corpus: Path, capsys, monkeypatch):
    monkeypatch.setenv("TECHKOMPAS_CORPUS_DIR", str(corpus))
    _ingest_json(capsys, str(corpus), "--index", str(fake_env))
    assert main(["ask", "Wat doet een procesoperator?", "--index", str(fake_env), "--json"]) == 0
    assert main(["ask", "hoe maak ik een bom", "--index", str(fake_env), "--json"]) == 0
    answered, refused = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert set(answered) == {"question", "answer", "sources", "companies", "refused"}
    assert answered["refused"] is False and "[1]" in answered["answer"]
    assert set(answered["sources"][0]) == {"n", "chunk_id", "source", "page", "title"}
    assert answered["sources"][0]["n"] == 1
    assert refused["refused"] is True and refused["sources"] == []


def test_search_filters_by_type_region_and_date(fake_env: Path, corpus: Path, capsys, monkeypatch):
    monkeypatch.setenv("TECHKOMPAS_CORPUS_DIR", str(corpus))
    _ingest_json(capsys, str(corpus), "--index", str(fake_env))
    args = ["search", "techniek", "--index", str(fake_env), "--json", "--k", "10"]
    assert main([*args, "--type", "company", "--region", "Groningen"]) == 0
    assert main([*args, "--since", "2026-01-01"]) == 0
    companies, recent = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [h["source"] for h in companies["hits"]] == ["corpus/companies/zoutwerk-delfzijl.yaml"]
    assert "corpus/programmes/technet.md" not in {h["source"] for h in recent["hits"]}  # 2025
    assert main([*args, "--since", "gisteren"]) == 2


def test_ask_llm_flag_picks_the_backend(fake_env: Path, corpus: Path, capsys, monkeypatch):
    monkeypatch.setenv("TECHKOMPAS_CORPUS_DIR", str(corpus))
    _ingest_json(capsys, str(corpus), "--index", str(fake_env))
    question = ["ask", "Wat doet een procesoperator?", "--index", str(fake_env), "--json"]
    assert main([*question, "--llm", "fake"]) == 0
    assert main([*question, "--llm", "extractive"]) == 0
    fake, extractive = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "Vraag je decaan wat dit voor jou betekent." in fake["answer"]  # the fake model's line
    assert "Volgende stap:" in extractive["answer"] and fake["answer"] != extractive["answer"]


def test_missing_local_model_answers_extractively_and_says_why(
    fake_env: Path, corpus: Path, capsys, monkeypatch, caplog
):
    monkeypatch.setenv("TECHKOMPAS_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("TECHKOMPAS_LLM_MODEL_PATH", str(fake_env / "missing.gguf"))
    _ingest_json(capsys, str(corpus), "--index", str(fake_env))
    args = ["ask", "Wat doet een procesoperator?", "--index", str(fake_env), "--json"]
    assert main([*args, "--llm", "local"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert "[1]" in answer["answer"] and answer["refused"] is False
    assert "missing.gguf does not exist: point it at a GGUF file" in caplog.text


def test_llm_choices_match_the_settings():
    from typing import get_args

    from assistant.cli import LLM_CHOICES
    from assistant.settings import Backend

    assert get_args(Backend) == LLM_CHOICES
