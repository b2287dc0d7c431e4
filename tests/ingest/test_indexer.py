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


# -- a full disk or a read-only folder during an ingest ---------------------------------------


def _edit(corpus: Path) -> None:
    path = corpus / "programmes/technet.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n\nNieuwe alinea over lassers.\n")


def _bm25_ids(settings) -> set[str]:
    from assistant.lexical import LexicalIndex, lexical_path

    index = LexicalIndex(lexical_path(settings))
    try:
        return index.ids()
    finally:
        index.close()


def _disk_full_in_the_bm25_transaction(monkeypatch) -> None:
    """The BM25 write fails inside its transaction, as SQLite does on a full disk."""
    import sqlite3

    from assistant.lexical import LexicalIndex

    def full(self) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(LexicalIndex, "_bump", full)


class _FullDiskCollection:
    """A collection whose writes fail with ENOSPC; reads go to the real one."""

    def __init__(self, real) -> None:
        self._real = real

    def __getattr__(self, name: str):
        return getattr(self._real, name)

    def upsert(self, **_: object) -> None:
        import errno

        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_during_the_bm25_write_is_one_error_naming_the_fix(
    settings, corpus: Path, monkeypatch
):
    from assistant.errors import IndexWriteError
    from ingest.indexer import index_paths

    index_paths(settings, [corpus])
    _edit(corpus)
    _disk_full_in_the_bm25_transaction(monkeypatch)
    with pytest.raises(IndexWriteError) as failed:
        index_paths(settings, [corpus])
    message = str(failed.value)
    assert str(settings.index_dir) in message and "disk is full" in message
    assert "free disk space or make the folder writable" in message


def test_a_failed_bm25_write_keeps_the_old_bm25_and_the_next_run_repairs_it(
    settings, corpus: Path, monkeypatch
):
    from assistant.errors import IndexWriteError
    from assistant.store import open_collection
    from ingest.indexer import index_paths

    index_paths(settings, [corpus])
    before = _bm25_ids(settings)
    _edit(corpus)
    _disk_full_in_the_bm25_transaction(monkeypatch)
    with pytest.raises(IndexWriteError):
        index_paths(settings, [corpus])
    assert _bm25_ids(settings) == before
    monkeypatch.undo()
    index_paths(settings, [corpus])
    collection = open_collection(settings, _fake())
    assert _bm25_ids(settings) == set(collection.get(include=[])["ids"]) != before


def test_a_full_disk_during_the_chroma_upsert_is_one_error_and_keeps_the_old_chunks(
    settings, corpus: Path, monkeypatch
):
    import assistant.store
    from assistant.errors import IndexWriteError
    from ingest.indexer import index_paths

    index_paths(settings, [corpus])
    real_open = assistant.store.open_collection
    old = real_open(settings, _fake()).get(include=["documents"])
    _edit(corpus)
    monkeypatch.setattr(
        assistant.store,
        "open_collection",
        lambda *a, **k: _FullDiskCollection(real_open(*a, **k)),
    )
    with pytest.raises(IndexWriteError, match="No space left on device"):
        index_paths(settings, [corpus])
    assert real_open(settings, _fake()).get(include=["documents"]) == old
    assert _bm25_ids(settings) == set(old["ids"])


def test_a_read_only_index_folder_stops_the_ingest_with_one_clear_error(settings, corpus: Path):
    import os

    from assistant.errors import IndexWriteError
    from ingest.indexer import index_paths

    index_paths(settings, [corpus])
    folder = settings.index_dir
    paths = [folder, *folder.rglob("*")]
    modes = {p: p.stat().st_mode for p in paths}
    for p in paths:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        if os.access(folder / "chroma.sqlite3", os.W_OK):
            pytest.skip("running as root: file permissions do not stop writes here")
        _edit(corpus)
        with pytest.raises(IndexWriteError, match="writable"):
            index_paths(settings, [corpus])
    finally:
        for p, mode in modes.items():
            p.chmod(mode)


def _fake():
    from assistant.embedding import FakeEmbeddings

    return FakeEmbeddings()


def test_a_front_matter_edit_reaches_the_bm25_filters(settings, corpus: Path):
    """Same text (so the same chunk ids), other levels: BM25 must filter on the new ones."""
    from assistant.lexical import LexicalIndex, lexical_path, tokenize
    from assistant.store import open_collection
    from ingest.indexer import index_paths

    index_paths(settings, [corpus])
    path = corpus / "programmes/jet-net.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("levels: [havo, vwo]", "levels: [vmbo]"),
        encoding="utf-8",
    )
    index_paths(settings, [corpus])
    jetnet = open_collection(settings, _fake()).get(
        where={"source": "corpus/programmes/jet-net.md"}, include=[]
    )["ids"]
    lexical = LexicalIndex(lexical_path(settings))
    try:
        hits = lexical.search(tokenize("Jet-Net bedrijfsbezoek"), 50, {"level_vmbo": True})
    finally:
        lexical.close()
    assert jetnet and set(jetnet) <= {chunk_id for chunk_id, _ in hits}
