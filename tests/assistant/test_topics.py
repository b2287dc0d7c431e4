"""School topics pupils name (assistant.topics, corpus/profiles/onderwerpen.yaml): finding them in
a question, the compulsory-subjects sentence from the record, and answers through the pipeline
drawn from the named topic's own section (fake embeddings, the shipped profile documents)."""

import shutil

import pytest

from assistant.answer import Outcome
from assistant.answer_checks import check_answer
from assistant.records import SchoolTopic, SchoolTopics
from assistant.topics import (
    alias_pattern,
    asks_subjects,
    load_topics,
    named_topics,
    subjects_sentences,
)
from tests.conftest import SHIPPED_CORPUS

TOPICS = load_topics(SHIPPED_CORPUS)


def ids(question: str) -> list[str]:
    return [t.id for t in named_topics(question, TOPICS)]


@pytest.mark.parametrize("text", ["N&T", "nt", "n & t", "N en T", "profiel NT?", "nt/ng"])
def test_an_ampersand_alias_matches_how_pupils_type_it(text):
    assert alias_pattern("N&T").search(text.lower())


@pytest.mark.parametrize("text", ["ant", "ntb", "n&tt", "natuur"])
def test_an_alias_matches_whole_words_only(text):
    assert not alias_pattern("N&T").search(text)


def test_topics_come_in_the_order_the_question_names_them():
    assert ids("wat is het verschil tussen kader en basis") == ["kb", "bb"]
    assert ids("welke vakken heb je bij e&m") == ["em"]
    assert ids("twijfel tussen nt, ng en em") == ["nt", "ng"]  # at most two
    assert ids("wat doet een procesoperator") == []


def test_a_subject_question_is_told_from_another_question_about_the_profile():
    em = named_topics("em", TOPICS)[0]
    assert asks_subjects("welke vakken heb je bij EM", em)
    assert asks_subjects("moet je bij em wiskunde doen", em)
    assert not asks_subjects("kan ik met EM techniek studeren op het hbo", em)
    kb = named_topics("kader", TOPICS)[0]
    assert not asks_subjects("welke vakken heb je bij kader", kb)  # a leerweg has no record


def test_the_subjects_sentence_follows_the_record_and_the_pupils_level():
    cm = SchoolTopic(
        id="cm", name="het profiel C&M", short="C&M", aliases=["C&M"], source="x.md",
        section="C&M", required=["geschiedenis"], required_by_level={"vwo": ["een wiskundevak"]},
        choice=["kunst", "filosofie"],
    )  # fmt: skip
    anyone = subjects_sentences(cm, 2025, None)
    assert anyone.startswith("In 2025 is in het profiel C&M (C&M) geschiedenis verplicht.")
    assert "Op het vwo is ook een wiskundevak verplicht." in anyone
    assert "kunst of filosofie" in anyone
    assert "vwo" not in subjects_sentences(cm, 2025, "havo")
    assert "kunst" not in subjects_sentences(cm, 2025, "havo", choice=False)


def test_a_missing_or_broken_topics_file_means_no_topics(tmp_path, caplog):
    assert load_topics(tmp_path).topics == []
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "onderwerpen.yaml").write_text("year: 2025\ntopics: [{id: x}]\n")
    assert load_topics(tmp_path) == SchoolTopics(year=2025, topics=[])
    assert "corpus check" in caplog.text


# -- through the pipeline, over the shipped profile documents


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from assistant.settings import load_settings
    from assistant.wiring import open_assistant
    from ingest.indexer import index_paths

    root = tmp_path_factory.mktemp("topics")
    corpus = root / "corpus"
    (corpus / "profiles").mkdir(parents=True)
    for name in ("havo-vwo-profielen.md", "vmbo-leerwegen.md", "mbo-hbo-wo.md", "onderwerpen.yaml"):
        shutil.copy(SHIPPED_CORPUS / "profiles" / name, corpus / "profiles" / name)
    for name in ("regions.yaml", "synonyms.yaml"):
        shutil.copy(SHIPPED_CORPUS / name, corpus / name)
    settings = load_settings(
        index_dir=root / "index", corpus_dir=corpus, embedding_model="fake", llm="extractive",
        answer_cache_size=0,
    )  # fmt: skip
    assert not index_paths(settings, [corpus]).failed
    return open_assistant(settings)


def sections(answer) -> set[str]:
    return {answer.hits[n - 1].section for n in answer.cited}


def test_a_subjects_question_starts_with_the_records_sentence(assistant):
    answer = assistant.ask("welke vakken heb je bij e&m")
    assert answer.outcome is Outcome.ANSWERED and answer.backend == "records"
    assert answer.text.startswith(
        "In 2025 zijn in het profiel Economie en Maatschappij (E&M) deze vakken verplicht: "
        "economie, geschiedenis en een wiskundevak."
    )
    assert sections(answer) == {"Economie en Maatschappij (E&M)"}
    checked = check_answer(answer.text, answer.hits)
    assert not checked.fallback and not checked.not_in_sources, checked.problems


def test_a_question_about_one_profile_is_not_answered_from_another(assistant):
    answer = assistant.ask("wat zijn de verplichte vakken bij natuur en gezondheid")
    assert "Natuur en Techniek (N&T)" not in sections(answer)
    assert "biologie, scheikunde en wiskunde A of wiskunde B" in answer.text


def test_a_pupils_level_drops_the_other_levels_rule(assistant):
    answer = assistant.ask("moet je bij cm wiskunde doen", level="havo")
    assert "Op het vwo is ook" not in answer.text
    assert "Op de havo is wiskunde in C&M niet verplicht." in answer.text


def test_two_named_leerwegen_are_both_answered_from_their_sections(assistant):
    answer = assistant.ask("wat is het verschil tussen kader en basis")
    assert answer.outcome is Outcome.ANSWERED
    assert {
        "De kaderberoepsgerichte leerweg (KB)",
        "De basisberoepsgerichte leerweg (BB)",
    } <= {h.section for h in answer.hits[:2]}


def test_one_named_topic_brings_its_whole_section_first():
    """ "je krijgt loon" may be in the second passage of the BOL/BBL section: a question about
    one topic draws on its whole section before passages from elsewhere; two topics get one
    passage each first (a comparison needs both)."""
    from assistant.lookups import topic_first
    from assistant.types import Hit

    def hit(chunk_id, source, section):
        return Hit(chunk_id, "x", 1.0, {"source": source, "section": section})

    a1, a2 = hit("a1", "g.md", "Sa"), hit("a2", "g.md", "Sa")
    b1, b2 = hit("b1", "g.md", "Sb"), hit("b2", "g.md", "Sb")
    x, y = hit("x", "other.md", "Sx"), hit("y", "other.md", "Sy")

    class Sections:
        def section_hits(self, source, section):
            return {"Sa": [a1, a2], "Sb": [b1, b2]}[section]

    def topic(section):
        name = f"topic {section}"
        return SchoolTopic(id=section.lower(), name=name, short=name, aliases=[name],
                           source="g.md", section=section)  # fmt: skip

    found = [x, a2, y, b1]
    ids = [h.chunk_id for h in topic_first(Sections(), [topic("Sa")], found, [topic("Sa")])]
    assert ids == ["a2", "a1", "x", "y", "b1"]
    both = topic_first(Sections(), [topic("Sa"), topic("Sb")], found, [topic("Sa"), topic("Sb")])
    assert [h.chunk_id for h in both][:2] == ["a2", "b1"]


def test_a_comparison_puts_the_two_side_by_side_from_their_sections(assistant):
    answer = assistant.ask("wat is nou het verschil tussen bol en bbl")
    first, second = answer.text.split("\n\n")[:2]
    assert first.startswith("BOL staat voor beroepsopleidende leerweg.")
    assert second.startswith("BBL staat voor beroepsbegeleidende leerweg.")
    assert "één dag per week naar school" in second
    checked = check_answer(answer.text, answer.hits)
    assert not checked.fallback and not checked.not_in_sources, checked.problems


def test_two_profiles_compared_start_with_both_profiles_subjects_each_cited_to_its_own(
    assistant,
):
    """ "verschil tussen NT en NG": where they differ most, the compulsory subjects of both."""
    answer = assistant.ask("wat is het verschil tussen NT en NG")
    assert answer.backend == "records"
    nt, ng = answer.text.split("\n\n")[0].split(" [1] ")
    assert nt.startswith("In 2025 zijn in het profiel Natuur en Techniek (N&T)")
    assert "wiskunde B, natuurkunde en scheikunde" in nt
    assert ng.startswith("In 2025 zijn in het profiel Natuur en Gezondheid (N&G)")
    assert ng.endswith("[2]")
    assert answer.text.count("verplicht") == 2  # what the lead says is not said again after it
    assert [answer.hits[0].section, answer.hits[1].section] == [
        "Natuur en Techniek (N&T)",
        "Natuur en Gezondheid (N&G)",
    ]
    checked = check_answer(answer.text, answer.hits)
    assert not checked.fallback and not checked.not_in_sources, checked.problems


def test_two_leerwegen_compared_start_with_the_mbo_levels_of_both(assistant):
    """ "kader of basis": where they differ most for what comes next, the mbo levels."""
    answer = assistant.ask("wat is het verschil tussen kader en basis")
    assert answer.text.startswith(
        "Met een diploma van de kaderberoepsgerichte leerweg (KB) kun je in 2025 naar het mbo "
        "op niveau 3 en 4. [1] Met een diploma van de basisberoepsgerichte leerweg (BB) kun je "
        "in 2025 naar het mbo op niveau 2. [2]"
    )
    checked = check_answer(answer.text, answer.hits)
    assert not checked.fallback and not checked.not_in_sources, checked.problems


def test_a_follow_up_is_answered_from_passages_about_the_earlier_question(assistant):
    """ "en krijg je dan ook geld?" after "wat is bbl": about BBL, never money in general."""
    from assistant.lookups import about_earlier
    from assistant.types import Hit

    bbl, money = (
        Hit("a", "BBL\nBij BBL krijg je loon.", 1.0),
        Hit("b", "Geld\nDe overheid geeft geld.", 1.0),
    )
    assert about_earlier([money, bbl], "wat is bbl") == [bbl]
    assert about_earlier([money], "wat is bbl") == [money]  # none about it: all of them
    assert about_earlier([money, bbl], "") == [money, bbl]
    answer = assistant.ask("en wat is het verschil met bol? (wat is bbl)")
    first, second = answer.text.split("\n\n")[:2]
    assert first.startswith("BBL staat voor") and second.startswith("BOL staat voor")


# -- "ik heb EM, kan ik elektrotechniek doen?": the guide's sentence on that profile first

GUIDE_SECTION = (
    "Bij elektrotechniek werk je met stroom.\n\n"
    "**Hbo:** met havo N&T kun je beginnen. Met E&M vraagt de hogeschool natuurkunde erbij.\n\n"
    "**Wo:** met vwo N&T kun je beginnen. Met E&M heb je wiskunde B en natuurkunde nodig.\n\n"
    "**Via het mbo:** met een mbo-4-diploma kun je naar het hbo. Sommige hogescholen geven "
    "extra lessen wiskunde."
)

ICT_SECTION = (
    "Bij technische informatica leer je programmeren.\n\n"
    "**Hbo:** veel ICT-opleidingen laten havisten met elk profiel toe.\n\n"
    "**Wo:** je hebt bijna altijd wiskunde B nodig."
)


def guide_hits():
    from assistant.types import Hit

    def hit(chunk_id, section, text):
        meta = {"source": "g.md", "section": section, "doc_type": "profile"}
        return Hit(chunk_id, text, 1.0, meta)

    own = hit("em", "Economie en Maatschappij (E&M)", "In E&M is economie verplicht.")
    ict = hit("ti", "Welk profiel heb je nodig voor technische informatica?", ICT_SECTION)
    return [own, hit("et", "Welk profiel heb je nodig voor elektrotechniek?", GUIDE_SECTION), ict]


@pytest.mark.parametrize(
    ("question", "level", "start"),
    [
        # a profile other than N&T named: the guide's sentence on it, for the level
        ("ik heb EM, kan ik elektrotechniek doen?", None, "Met E&M vraagt de hogeschool"),
        ("ik heb EM, kan ik elektrotechniek doen?", "vwo", "Met E&M heb je wiskunde B"),
        ("met em elektrotechniek op de uni?", "havo", "Met E&M heb je wiskunde B"),
        # the profile a study needs asked: the whole paragraph for the level
        ("welk profiel heb je nodig voor elektrotechniek", None, "Hbo: met havo N&T"),
        ("welk profiel heb je nodig voor elektrotechniek", "vwo", "Wo: met vwo N&T"),
        ("welk profiel moet ik kiezen voor elektrotechniek op de uni", "havo", "Wo: met vwo N&T"),
    ],
)
def test_a_study_question_about_profiles_leads_with_the_guide_for_that_level(
    question, level, start
):
    from assistant.topics import study_profile_lead

    found = study_profile_lead(question, question, level, guide_hits())
    assert found is not None
    text, hit = found
    assert text.startswith(start) and hit.chunk_id == "et"
    assert text.count("Met E&M") == 1  # one sentence, or that one paragraph


@pytest.mark.parametrize(
    "question",
    [
        "ik zit op mbo 4, kan ik door naar hbo elektrotechniek?",
        "hoe kom ik vanaf de mavo bij elektrotechniek",
    ],
)
def test_from_the_vmbo_or_the_mbo_a_study_leads_with_the_guides_paragraph_via_the_mbo(question):
    from assistant.topics import study_profile_lead

    found = study_profile_lead(question, question, None, guide_hits())
    assert found is not None and found[0].startswith("Via het mbo: met een mbo-4-diploma")
    assert "extra lessen wiskunde" in found[0]


@pytest.mark.parametrize(
    ("question", "chunk_id", "said"),
    [
        # no sentence names C&M: the paragraph for the level, whole
        ("ik heb CM, kan ik elektrotechniek doen?", "et", "Hbo: met havo N&T kun je beginnen. Met"),
        ("met CM elektrotechniek op de uni, kan dat?", "et", "Wo: met vwo N&T"),
        # the study not in the heading, but in the first sentence of the level's paragraph
        (
            "ik heb CM op de havo, kan ik ict studeren op het hbo?",
            "ti",
            "Hbo: veel ICT-opleidingen",
        ),
    ],
)
def test_a_profile_no_sentence_names_gets_the_guides_paragraph_for_the_level(
    question, chunk_id, said
):
    from assistant.topics import study_profile_lead

    found = study_profile_lead(question, question, None, guide_hits())
    assert found is not None and found[1].chunk_id == chunk_id and found[0].startswith(said)


def test_no_profile_lead_without_a_profile_or_without_the_studys_section():
    from assistant.topics import study_profile_lead

    for question in ("kan ik elektrotechniek doen?", "ik heb EM, kan ik bouwkunde doen?"):
        assert study_profile_lead(question, question, None, guide_hits()) is None
