from pathlib import Path

import pytest

from tests.pdfs import write_pdf


def _sources(collection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for meta in collection.get(include=["metadatas"])["metadatas"]:
        counts[meta["source"]] = counts.get(meta["source"], 0) + 1
    return counts


def test_first_run_indexes_every_document(indexer, collection, corpus: Path):
    report = indexer.run([corpus])
    assert report.failed == []
    assert report.files_indexed == 5
    assert report.chunks_embedded == report.chunks_total == collection.count() > 5
    assert set(_sources(collection)) == {
        "corpus/programmes/jet-net.md",
        "corpus/programmes/technet.md",
        "corpus/nieuws.html",
        "corpus/roles/procesoperator.yaml",
        "corpus/companies/zoutwerk-delfzijl.yaml",
    }


def test_second_run_embeds_nothing_and_keeps_the_count(indexer, collection, corpus: Path):
    first = indexer.run([corpus])
    second = indexer.run([corpus])
    assert (second.files_indexed, second.files_unchanged, second.chunks_embedded) == (0, 5, 0)
    assert second.chunks_total == first.chunks_total == collection.count()


def test_editing_one_file_replaces_only_its_chunks(indexer, collection, corpus: Path):
    indexer.run([corpus])
    before = collection.get(include=["metadatas"])
    others = {i for i, m in zip(before["ids"], before["metadatas"]) if "technet" not in m["source"]}
    path = corpus / "programmes/technet.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("installatietechniek", "elektrotechniek"),
        encoding="utf-8",
    )
    report = indexer.run([corpus])
    assert (report.files_indexed, report.files_unchanged) == (1, 4)
    after = collection.get(include=["metadatas", "documents"])
    assert others <= set(after["ids"])
    technet = [
        d for d, m in zip(after["documents"], after["metadatas"]) if "technet" in m["source"]
    ]
    assert any("elektrotechniek" in d for d in technet)
    assert not any("installatietechniek" in d for d in technet)


def test_deleted_file_loses_its_chunks(indexer, collection, corpus: Path):
    indexer.run([corpus])
    (corpus / "nieuws.html").unlink()
    report = indexer.run([corpus])
    assert report.files_removed == 1
    assert "corpus/nieuws.html" not in _sources(collection)


def test_bad_files_are_reported_and_the_rest_is_indexed(indexer, collection, corpus: Path):
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.4 not really")
    (corpus / "verslag.docx").write_bytes(b"PK")
    (corpus / "roles" / "stuk.yaml").write_text("id: stuk\ntitle: [\n", encoding="utf-8")
    report = indexer.run([corpus])
    failed = {f["path"]: f["error"] for f in report.failed}
    assert set(failed) == {"corpus/kapot.pdf", "corpus/verslag.docx", "corpus/roles/stuk.yaml"}
    assert "corpus/roles/stuk.yaml:3" in failed["corpus/roles/stuk.yaml"]
    assert report.files_indexed == 5


def test_a_file_that_becomes_corrupt_keeps_its_old_chunks(indexer, collection, corpus: Path):
    good = write_pdf(corpus / "gids.pdf", [["Een gids over techniekberoepen."]])
    indexer.run([corpus])
    good.write_bytes(b"%PDF-1.4 broken now")
    report = indexer.run([corpus])
    assert [f["path"] for f in report.failed] == ["corpus/gids.pdf"]
    assert "corpus/gids.pdf" in _sources(collection)


class _Crash(Exception):
    pass


def test_a_run_killed_midway_is_repaired_by_the_next_run(indexer, collection, corpus: Path):
    indexer.run([corpus])
    for path in corpus.rglob("*.md"):
        path.write_text(
            path.read_text(encoding="utf-8") + "\n\nExtra alinea over lassen.\n", encoding="utf-8"
        )
    real = indexer.embeddings.embed_documents
    calls = {"n": 0}

    def dying(texts):
        calls["n"] += 1
        if calls["n"] > 1:
            raise _Crash()
        return real(texts)

    indexer.batch_size = 1
    indexer.embeddings.embed_documents = dying
    with pytest.raises(_Crash):
        indexer.run([corpus])
    indexer.embeddings.embed_documents = real
    indexer.run([corpus])
    again = indexer.run([corpus])
    assert again.chunks_embedded == 0 and again.files_unchanged == 5
    got = collection.get(include=["metadatas"])
    by_source: dict[str, set] = {}
    for meta in got["metadatas"]:
        by_source.setdefault(meta["source"], set()).add((meta["source_hash"], meta["chunk_count"]))
    for source, states in by_source.items():
        assert len(states) == 1, source
        ((_, count),) = states
        assert count == _sources(collection)[source]


def test_chunk_metadata_carries_filters(indexer, collection, corpus: Path):
    indexer.run([corpus])
    meta = collection.get(
        where={"source": "corpus/companies/zoutwerk-delfzijl.yaml"}, include=["metadatas"]
    )["metadatas"][0]
    assert meta["province"] == "Groningen" and meta["doc_type"] == "company"
    assert meta["example"] is True and meta["date"] == 20261123
    role = collection.get(
        where={"source": "corpus/roles/procesoperator.yaml"}, include=["metadatas"]
    )
    assert all(m["level_havo"] and not m["level_vwo"] for m in role["metadatas"])
