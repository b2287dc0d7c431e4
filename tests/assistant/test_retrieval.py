from assistant.pipeline import Assistant
from assistant.retrieval import build_where


def test_filters_combine_with_and():
    assert build_where() is None
    assert build_where(province="Limburg") == {"province": "Limburg"}
    assert build_where(province="Limburg", level="havo", doc_type="company", since=20240101) == {
        "$and": [
            {"province": "Limburg"},
            {"level_havo": True},
            {"doc_type": "company"},
            {"date": {"$gte": 20240101}},
        ]
    }


def _assistant(indexer, corpus, settings, collection, fake_embeddings):
    indexer.run([corpus])
    return Assistant.build(settings, collection, fake_embeddings)


def test_level_filter_hides_material_for_other_levels(
    indexer, corpus, settings, collection, fake_embeddings
):
    assistant = _assistant(indexer, corpus, settings, collection, fake_embeddings)
    hits = assistant.search("Wat is TechNet voor het vmbo?", 10, level="havo").hits
    assert hits and all("technet" not in h.source for h in hits)
    assert any(
        "technet" in h.source for h in assistant.search("Wat is TechNet?", 3, level="vmbo").hits
    )


def test_type_and_province_filters(indexer, corpus, settings, collection, fake_embeddings):
    assistant = _assistant(indexer, corpus, settings, collection, fake_embeddings)
    hits = assistant.search("bedrijf", 10, province="Groningen", doc_type="company").hits
    assert [h.source for h in hits] == ["corpus/companies/zoutwerk-delfzijl.yaml"]
    assert assistant.search("bedrijf", 10, province="Zeeland").hits == []


def test_stream_answers_with_numbered_passages_and_sources(
    indexer, corpus, settings, collection, fake_embeddings
):
    assistant = _assistant(indexer, corpus, settings, collection, fake_embeddings)
    answers = list(assistant.stream("Wat doet een procesoperator?"))
    final = answers[-1]
    assert len(answers) > 5 and all(a.text for a in answers)
    assert "[1]" in final.text and "Volgende stap" in final.text
    assert final.hits[0].source.endswith("procesoperator.yaml")
    assert "bewaakt de installaties" in final.text


def test_low_relevance_says_it_is_not_in_the_sources(
    indexer, corpus, settings, collection, fake_embeddings
):
    indexer.run([corpus])
    strict = settings.model_copy(update={"min_relevance": 0.99})
    answer = Assistant.build(strict, collection, fake_embeddings).ask(
        "Wat doet een procesoperator?"
    )
    assert answer.text.startswith("Dat staat niet in mijn bronnen") and not answer.hits


def test_overlong_question_is_cut_with_a_notice(
    indexer, corpus, settings, collection, fake_embeddings
):
    assistant = _assistant(indexer, corpus, settings, collection, fake_embeddings)
    answer = assistant.ask("techniek " * 2000)
    assert answer.notice and answer.hits


def test_empty_question_gets_a_dutch_prompt(settings, collection, fake_embeddings):
    answer = Assistant.build(settings, collection, fake_embeddings).ask("   ")
    assert answer.refused and "Typ een vraag" in answer.text
