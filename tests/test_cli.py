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
        "sentences_embedded",
        "failed",
    }
    assert out["files_indexed"] == 5 and out["failed"] == []
    assert out["sentences_embedded"] > out["chunks_embedded"] > 0
    code, again = _ingest_json(capsys, str(corpus), "--index", str(fake_env))
    assert again["chunks_embedded"] == 0 and again["chunks_total"] == out["chunks_total"]
    assert again["sentences_embedded"] == 0


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


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("TECHKOMPAS_EMBEDDING_MODEL", "gpt", "setting embedding_model"),
        ("TECHKOMPAS_PORT", "abc", "setting port"),
        ("TECHKOMPAS_PORT", "70000", "a whole number from 1 to 65535"),
        ("TECHKOMPAS_LLM", "gpt4", "local, openai, extractive, fake"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it_and_what_is_allowed(
    monkeypatch, capsys, variable, value, expected
):
    monkeypatch.setenv(variable, value)
    assert main(["search", "x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: setting ")
    assert expected in err and repr(value) in err and "Traceback" not in err


def test_an_unknown_key_in_the_config_file_is_named(monkeypatch, capsys, tmp_path):
    config = tmp_path / "techkompas.toml"
    config.write_text('index_dir = "x"\nchunk_sise = 900\n', encoding="utf-8")
    monkeypatch.setenv("TECHKOMPAS_CONFIG", str(config))
    assert main(["search", "x"]) == 2
    err = capsys.readouterr().err
    assert "unknown setting 'chunk_sise'" in err and str(config) in err and "chunk_size" in err


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
    assert set(answered) == {"question", "answer", "outcome", "sources", "companies", "refused"}
    assert (answered["outcome"], refused["outcome"]) == ("answered", "refused")
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
