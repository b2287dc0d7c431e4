"""Which paragraph an extractive answer goes on with: not the one a lead already says, the rest
of the paragraph naming what "wat is X?" asks about, and not one that only shares the pupil's
own situation ("ik zit op het vmbo") with the question."""

from assistant.extractive import compose
from assistant.types import Hit


def _hit(text: str) -> Hit:
    return Hit("id", text, 0.9, {})


def test_a_whether_question_does_not_repeat_the_paragraph_the_lead_already_says():
    hits = [
        _hit(
            "Van mbo-4 naar het hbo\nMet een mbo-diploma op niveau 4 kun je naar het hbo. "
            "Voor techniek is dit een veelgebruikte route.\n"
            "Een toets voor wiskunde is bij sommige opleidingen op het hbo een extra eis."
        )
    ]
    lead = (
        "Met een mbo-diploma op niveau 4 kun je naar het hbo. "
        "Voor techniek is dit een veelgebruikte route."
    )
    text, _ = compose("kun je van mbo 4 naar het hbo, kan dat?", hits, avoid=lead)
    assert "veelgebruikte route" not in text
    assert "toets voor wiskunde" in text


def test_what_is_x_goes_on_with_the_paragraph_of_the_sentence_naming_x():
    hits = [
        _hit(
            "Later toch van vak wisselen\nHeb je je diploma al, maar mis je een vak? Dan heb je "
            "een deficiëntie. Dat betekent: een tekort in je vakkenpakket. Je kunt dat vaak "
            "oplossen met een bijspijkercursus en een toets.\n"
            "Bij een profiel horen vaste vakken en keuzevakken."
        ),
        _hit("Profielen\nEen profiel is een vaste groep vakken die bij elkaar horen."),
    ]
    text, _ = compose("wat is een deficientie?", hits)
    assert text.startswith("Heb je je diploma al")
    assert "bijspijkercursus" in text.split("[1]")[0]


def test_the_pupils_own_situation_is_context_not_what_is_asked():
    """ "ik zit op het vmbo en wil elektrotechniek studeren": not the sentence that shares "zit
    op het vmbo" with the question, the one about elektrotechniek."""
    hits = [
        _hit(
            "Profielwerkstuk\nZit je op het vmbo? Dan doe je in je examenjaar vaak een "
            "praktijkopdracht met een bedrijf."
        ),
        _hit("Elektrotechniek\nBij elektrotechniek leer je over stroom en elektronica op het mbo."),
    ]
    text, cited = compose("ik zit op het vmbo en wil elektrotechniek studeren", hits)
    assert text.startswith("Bij elektrotechniek leer je") and cited[0] == 2


def test_what_is_x_says_a_short_paragraph_whole_up_to_its_last_sentence():
    """ "wat is het techniekpact?": the fourth sentence of its paragraph holds the year."""
    hits = [
        _hit(
            "Wat is het Techniekpact?\nHet Techniekpact is een landelijk akkoord over techniek. "
            "Een pact is een afspraak tussen partijen. Het document heet Nationaal Techniekpact "
            "2020. Het werd in mei 2013 gesloten.\n"
            "In het pact spraken de overheid en het onderwijs af samen iets te doen."
        )
    ]
    text, _ = compose("wat is het techniekpact nou precies", hits)
    assert "mei 2013" in text.split("[1]")[0]


def test_under_a_heading_the_question_names_a_sentence_with_the_year_asked_answers():
    """ "sinds wanneer bestaat technet": "Het is in 2009 begonnen." names neither TechNet nor
    anything else asked, but its heading names TechNet and it holds the year."""
    hits = [
        _hit(
            "Wat is TechNet?\nTechNet is een netwerk van vmbo-scholen en bedrijven. Het is in "
            "2009 begonnen. De bedrijven zoeken vooral vakmensen."
        )
    ]
    text, _ = compose("sinds wanneer bestaat technet eigenlijk", hits)
    assert "2009" in text


def test_a_whether_question_after_of_gets_the_paragraph_whole():
    """ "ben ik dan de sjaak of kan je dat nog fixen": a yes/no question after "of" as well;
    the solution ("oplossen") shares no word with the pupil's "fixen"."""
    hits = [
        _hit(
            "Later toch van vak wisselen\nHeb je je diploma al, maar mis je een vak dat je studie "
            "vraagt? Dan heb je een deficiëntie. Je kunt dat vaak oplossen met een "
            "bijspijkercursus.\nBij een profiel horen vaste vakken en keuzevakken."
        )
    ]
    question = "als ik straks natuurkunde mis voor mn studie ben ik de sjaak of kan je dat fixen"
    text, _ = compose(question, hits)
    assert "bijspijkercursus" in text
