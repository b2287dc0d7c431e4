"""The paragraph an answer from the documents opens with (assistant.leads): for "wat is X?"
naming one school topic, the opening of X's section, and only that section after it."""

from assistant.leads import answer_lead, opening_lead
from assistant.question_shapes import asked
from assistant.records import SchoolTopic
from assistant.types import Hit

NT = SchoolTopic(id="nt", name="Natuur en Techniek", short="N&T", aliases=["nt"],
                 source="g.md", section="Natuur en Techniek (N&T)")  # fmt: skip


def _hit(chunk_id: str, section: str, body: str, index: int = 0, source: str = "g.md") -> Hit:
    meta = {"source": source, "section": section, "doc_type": "profile", "chunk_index": index}
    return Hit(chunk_id, f"Profielen — {section}\n{body}", 1.0, meta)


SECTION = "Natuur en Techniek (N&T)"
OPENING = _hit("nt0", SECTION, "In N&T zijn wiskunde B en natuurkunde verplicht. Je kiest ook een "
               "keuzevak.\n\nWat past bij N&T? Je houdt van rekenen.", 0)  # fmt: skip
LATER = _hit("nt1", SECTION, "Wat past bij N&T? Je houdt van proeven doen.", 1)
CAPTION = _hit("fig", "3.1 Profielkeuze", "Het percentage Natuur en Techniek (NT) per jaar.",
               source="seeds/003.txt")  # fmt: skip


def test_what_is_a_topic_opens_with_the_first_paragraph_of_its_section():
    """The search ranked a report's caption and the section's second passage first."""
    found = opening_lead("wat is NT?", [NT], [CAPTION, LATER, OPENING])
    assert found is not None
    text, passages = found
    assert text == "In N&T zijn wiskunde B en natuurkunde verplicht. Je kiest ook een keuzevak."
    assert [h.chunk_id for h in passages] == ["nt0", "nt1"]  # the caption is not drawn on


def test_no_opening_lead_for_another_question_or_without_the_section():
    assert opening_lead("welke vakken heb je bij NT?", [NT], [OPENING]) is None
    assert opening_lead("wat is NT?", [NT], [CAPTION]) is None
    assert opening_lead("wat is NT?", [], [OPENING]) is None
    assert opening_lead("kan dat ook op het vmbo? (wat is NT?)", [NT], [OPENING]) is None


def test_the_answer_lead_is_cited_as_the_first_passage_drawn_on():
    lead, drawn = answer_lead(
        "wat is nt eigenlijk", [NT], [CAPTION, LATER, OPENING], ("wat is nt", None, 2025), 4,
        steps=lambda question: None,
    )  # fmt: skip
    assert lead.endswith("[1]") and drawn[0].chunk_id == "nt0"


def test_a_comparison_gets_no_opening_lead():
    lead, _ = answer_lead(
        "wat is het verschil tussen nt en ng", [NT], [OPENING], ("", None, 2025), 4,
        steps=lambda question: None, compared=(("nt",), ("ng",)),
    )  # fmt: skip
    assert not lead.startswith("In N&T zijn")


def test_what_is_asked_leaves_out_the_pupils_own_school_when_it_asks_more():
    assert "tl" not in asked("ik zit op vmbo tl, hoe word ik later ingenieur?").split()
    assert "kader" not in asked("ik zit op vmbo kader, wat is technet?")
    for question in ("ik zit op de tl, wat houdt dat in?", "ik zit in 3 kader, hoe zit dat?"):
        assert asked(question) == question


BOL_BBL = SchoolTopic(id="bol-bbl", name="BOL en BBL", short="BOL/BBL", aliases=["BOL", "BBL"],
                      source="m.md", section="BOL en BBL")  # fmt: skip


def test_the_opening_is_the_paragraph_naming_what_the_question_names():
    """A section about two things ("BOL en BBL"), or one opening with something else (a
    deficiëntie under "Later toch van vak wisselen"): the paragraph naming what is asked."""
    section = _hit(
        "b0",
        "BOL en BBL",
        "Op het mbo kies je uit twee manieren van leren.\n\nBOL staat voor beroepsopleidende "
        "leerweg. Je gaat vooral naar school.\n\nBBL staat voor beroepsbegeleidende leerweg. Je "
        "werkt vooral bij een bedrijf.",
        source="m.md",
    )
    found = opening_lead("wat is bbl?", [BOL_BBL], [section])
    assert found is not None and found[0].startswith("BBL staat voor")
    found = opening_lead("wat is bol eigenlijk", [BOL_BBL], [section])
    assert found is not None and found[0].startswith("BOL staat voor")


def test_a_section_opening_with_the_topics_name_opens_the_answer_whatever_alias_was_asked():
    """ "wat is NG": the section's first paragraph names "Natuur en Gezondheid", the second
    "N&G"; the first says what the profile is."""
    section = _hit(
        "n0",
        SECTION,
        "In het profiel Natuur en Techniek zijn wiskunde B en natuurkunde verplicht.\n\n"
        "Wat past bij N&T? Je houdt van rekenen.",
    )
    found = opening_lead("wat is nt", [NT], [section])
    assert found is not None and found[0].startswith("In het profiel Natuur en Techniek")


def test_a_step_to_a_school_the_study_lead_does_not_reach_leads_instead():
    """ "mbo 4 elektrotechniek, daarna naar de universiteit?": the guide's "Via het mbo:"
    paragraph goes to the hbo; the paragraph on the step from mbo to university answers."""
    study = _hit("et", "Welk profiel heb je nodig voor elektrotechniek?",
                 "Bij elektrotechniek werk je met stroom.\n\n**Via het mbo:** met een "
                 "mbo-4-diploma in de elektrotechniek kun je naar het hbo.")  # fmt: skip
    step = _hit("mw", "Van het mbo naar de universiteit",
                "Met een mbo-diploma kun je niet meteen naar de universiteit.", 3)  # fmt: skip
    question = "ik doe mbo 4 elektrotechniek, kan ik daarna naar de universiteit"
    lead, drawn = answer_lead(question, [], [study, step], (question, None, 2025), 4,
                              steps=lambda q: None)  # fmt: skip
    assert lead.startswith("Met een mbo-diploma kun je niet meteen") and drawn[0] is step
    to_hbo = "ik doe mbo 4, kan ik daarna naar hbo elektrotechniek"
    lead, _ = answer_lead(to_hbo, [], [study, step], (to_hbo, None, 2025), 4, steps=lambda q: None)
    assert lead.startswith("Via het mbo:")
