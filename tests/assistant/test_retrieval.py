import re

from assistant import texts
from assistant.answer import Notice, Outcome
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


def test_level_filter_hides_material_for_other_levels(make_assistant):
    assistant = make_assistant()
    hits = assistant.search("Wat is TechNet voor het vmbo?", 10, level="havo").hits
    assert hits and all("technet" not in h.source for h in hits)
    assert any(
        "technet" in h.source for h in assistant.search("Wat is TechNet?", 3, level="vmbo").hits
    )


def test_type_and_province_filters(make_assistant):
    assistant = make_assistant()
    hits = assistant.search("bedrijf", 10, province="Groningen", doc_type="company").hits
    assert [h.source for h in hits] == ["corpus/companies/zoutwerk-delfzijl.yaml"]
    assert assistant.search("bedrijf", 10, province="Zeeland").hits == []


def test_stream_answers_with_numbered_passages_and_sources(make_assistant):
    answers = list(make_assistant().stream("Wat is Jet-Net?"))
    final = answers[-1]
    assert answers and all(a.text for a in answers)
    assert final.outcome is Outcome.ANSWERED and final.backend == "extractive"
    assert "[1]" in final.text and texts.NEXT_STEP not in final.text
    assert texts.message(final).endswith(texts.NEXT_STEP)
    assert final.hits[0].source.endswith("jet-net.md")


def test_an_answer_grows_a_whole_sentence_with_its_citation_at_a_time(make_assistant):
    answers = list(make_assistant().stream("Wat doet een procesoperator?"))
    assert len(answers) >= 2
    assert all(b.text.startswith(a.text) for a, b in zip(answers, answers[1:], strict=False))
    added = [b.text[len(a.text) :].strip() for a, b in zip(answers, answers[1:], strict=False)]
    assert not any(re.fullmatch(r"\[\d+\]", step) for step in added)  # citations stay put


def test_low_relevance_says_it_is_not_in_the_sources(make_assistant):
    answer = make_assistant(min_relevance=0.99).ask("Wat is Jet-Net?")
    assert answer.outcome is Outcome.NOT_IN_SOURCES and not answer.hits
    assert texts.message(answer) == texts.NOT_IN_SOURCES


def test_overlong_question_is_cut_with_a_notice(make_assistant):
    answer = make_assistant().ask("techniek " * 2000)
    assert answer.notices == [Notice.QUESTION_CUT] and answer.hits
    assert texts.message(answer).startswith(texts.QUESTION_CUT)


def test_empty_question_gets_a_dutch_prompt(make_assistant):
    answer = make_assistant().ask("   ")
    assert answer.outcome is Outcome.REFUSED and answer.reason == "empty"
    assert texts.message(answer) == texts.EMPTY_QUESTION


def test_the_configured_reranker_reorders_what_the_pipeline_retrieves(make_assistant):
    question = "Welk bedrijf in Groningen maakt zout?"
    plain = make_assistant().search(question, 5)
    reranked = make_assistant(reranker="fake").search(question, 5)
    assert "rerank" in reranked.stages and "rerank" not in plain.stages
    scores = [h.rerank_score for h in reranked.hits]
    assert None not in scores and scores == sorted(scores, reverse=True)  # type: ignore[type-var]
    assert {h.chunk_id for h in reranked.hits} <= {
        h.chunk_id for h in make_assistant().search(question, 30).hits
    }


def test_search_reranks_the_schools_documents_from_their_own_depth(make_assistant, monkeypatch):
    """The search fetches as deep as `sentence_rerank_documents_depth` and hands both depths
    to the rerank (ADR 0018); the pupil still gets `search_k` passages."""
    import assistant.search as search_module

    seen = {}
    rerank = search_module.by_best_sentence

    def spy(hits, closeness, weight, depth, rrf_k=60, documents_depth=0):
        seen.update(fetched=len(hits), depth=depth, documents_depth=documents_depth)
        return rerank(hits, closeness, weight, depth, rrf_k, documents_depth)

    monkeypatch.setattr(search_module, "by_best_sentence", spy)
    assistant = make_assistant(sentence_rerank_depth=4, sentence_rerank_documents_depth=8)
    found = assistant.search("wat doet een procesoperator in de fabriek", k=3)
    assert seen["depth"] == 4 and seen["documents_depth"] == 8
    assert 4 < seen["fetched"] <= 8
    assert len(found.hits) == 3
