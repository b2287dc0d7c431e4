from pathlib import Path

from assistant.lexical import LexicalIndex, fold, tokenize


def _index(tmp_path: Path) -> LexicalIndex:
    index = LexicalIndex(tmp_path / "lex.sqlite3")
    index.add(
        ["a", "b", "c"],
        [
            "Een procesoperator bewaakt installaties in de fabriek.",
            "Werktuigbouwkunde: je ontwerpt machines. Je hebt wiskunde B nodig.",
            "Bèta-onderwijs en techniek op het vmbo.",
        ],
        [
            {"title": "Procesoperator", "doc_type": "role", "level_havo": True},
            {"title": "Werktuigbouwkunde", "doc_type": "profile", "level_havo": True},
            {"title": "Vmbo", "doc_type": "programme", "level_havo": False},
        ],
    )
    return index


def test_tokens_are_folded_stemmed_and_without_stopwords():
    assert fold("Bèta's") == "beta's"
    assert tokenize("De bedrijven en de technische opleidingen") == [
        "bedrijf",
        "technisch",
        "opleid",
    ]


def test_bm25_ranks_the_matching_chunk_first(tmp_path: Path):
    index = _index(tmp_path)
    assert index.search(tokenize("Wat doet een procesoperator?"), 3)[0][0] == "a"
    assert index.search(tokenize("machines ontwerpen"), 3)[0][0] == "b"
    assert index.search(tokenize("beta onderwijs"), 3)[0][0] == "c"  # accents folded


def test_filters_apply_to_bm25(tmp_path: Path):
    index = _index(tmp_path)
    assert index.search(tokenize("techniek vmbo"), 3, {"level_havo": True}) == []
    both = {"$and": [{"level_havo": True}, {"doc_type": "role"}]}
    assert [i for i, _ in index.search(tokenize("procesoperator machines"), 3, both)] == ["a"]


def test_removal_and_reload_keep_scores_in_step(tmp_path: Path):
    index = _index(tmp_path)
    index.remove(["a"])
    assert index.search(tokenize("procesoperator"), 3) == []
    reopened = LexicalIndex(tmp_path / "lex.sqlite3")
    assert reopened.ids() == {"b", "c"}


def test_sync_with_collection_adds_and_removes_only_differences(
    indexer, collection, corpus, tmp_path
):
    indexer.run([corpus])
    index = LexicalIndex(tmp_path / "lex.sqlite3")
    assert index.sync_with(collection)[0] == collection.count()
    assert index.sync_with(collection) == (0, 0)
    (corpus / "nieuws.html").unlink()
    path = corpus / "programmes/technet.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\n\nNieuwe alinea over lassers.\n", encoding="utf-8"
    )
    indexer.run([corpus])
    added, removed = index.sync_with(collection)
    assert 1 <= added <= 2 and removed >= 2
    assert index.ids() == set(collection.get(include=[])["ids"])
    assert index.search(tokenize("lassers"), 3)
    assert not index.search(tokenize("Zwolle"), 3)
