"""How passages are cut into units: sentences that lean on the one before, or that announce
the one after, stay together; a chain of them is one unit, said once."""

import pytest

from assistant.answer_units import LONGEST, cut, leans
from assistant.types import Hit


def _texts(body: str) -> list[str]:
    return [u.text for u in cut(Hit("1", f"Kop\n{body}", 0.9, {}), 1)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Dan heb je een deficiëntie.", True),
        ("Je kunt in dat geval met twee jaar extra een bachelor halen.", True),
        ("De studiepunten van je Ad tellen dan vaak mee.", True),
        ("Je kunt daarna ook verder studeren.", True),
        ("Voorbeelden zijn werktuigbouwkunde en elektrotechniek.", True),
        ("Denk aan motoren, robots, pompen of productielijnen.", True),
        ("Of als je wilt weten hoe computers werken.", True),
        ("Maar je mag ook een andere richting kiezen.", True),
        ("En wat ook mooi is: andere vakken doen mee.", False),
        ("Daarnaast krijgen ze een extra vak: O&O.", True),
        ("Ook de havo is mogelijk.", True),
        ("Het duurt langer dan vier jaar.", False),
        ("Je verdient meer dan een leerling.", False),
        ("Als je wilt, dan kan het.", False),
        ("Het hbo duurt meestal vier jaar.", False),
        ("Daarin werden afgestudeerden opgeleid tot docent.", True),
        ("Hiermee kun je op het hbo verder.", True),
        ("Daar staat een fabriek.", False),
        ("‘Dan zie je goed hoe kwetsbaar fysieke netwerken zijn.", True),
        ("“Daarom kozen we voor de regio.”", True),
    ],
)
def test_a_sentence_leans_on_the_one_before_it(sentence, expected):
    assert leans(sentence) is expected


def test_a_sentence_that_leans_is_kept_with_the_one_before_it():
    units = _texts(
        "Een Ad duurt twee jaar op het hbo. De studiepunten van je Ad tellen dan mee. "
        "Je kunt in dat geval met twee jaar extra een bachelor halen."
    )
    assert units == [
        "Een Ad duurt twee jaar op het hbo. De studiepunten van je Ad tellen dan mee. "
        "Je kunt in dat geval met twee jaar extra een bachelor halen."
    ]


def test_a_chain_of_leaning_sentences_says_each_sentence_once():
    units = _texts(
        "Je kunt twee profielen combineren op school. Dat heet een dubbelprofiel, vaak NT/NG. "
        "Je hebt dan in elk geval wiskunde B en biologie."
    )
    assert len(units) == 1
    assert units[0].count("Dat heet een dubbelprofiel") == 1


def test_a_short_sentence_that_announces_the_next_goes_with_it():
    units = _texts(
        "Het grote voordeel is dat veel studies openstaan. Er is ook een nadeel. "
        "Het is een zwaar pakket met veel exacte vakken."
    )
    assert units == [
        "Het grote voordeel is dat veel studies openstaan.",
        "Er is ook een nadeel. Het is een zwaar pakket met veel exacte vakken.",
    ]


def test_an_announcing_sentence_with_nothing_after_it_stays_a_sentence_of_its_own():
    assert _texts("Er is ook een nadeel.") == ["Er is ook een nadeel."]


def test_a_chain_stops_growing_at_the_longest_unit():
    """A PDF paragraph where every sentence leans on the one before is not one endless unit."""
    body = "Het begon met een klein plan op school. " + "Dan werd het weer wat groter. " * 12
    units = _texts(body.strip())
    assert len(units) > 1 and all(len(u.split()) <= LONGEST for u in units)


def test_a_flattened_table_is_no_unit():
    table = " ".join(f"Kolom{i} waarde{i}" for i in range(40)) + "."
    assert _texts(f"Een gewone zin over het netwerk van scholen. {table}") == [
        "Een gewone zin over het netwerk van scholen."
    ]


def test_a_long_sentence_with_semicolons_is_cut_into_its_items():
    goals = "; ".join(
        f"ten minste {n} scholen in regio {n} zijn eind 2013 lid van een netwerk van bedrijven"
        for n in (100, 200, 300, 400, 500)
    )
    units = _texts(goals + ".")
    assert len(units) == 5 and units[2].startswith("ten minste 300 scholen")


def test_a_paragraph_opening_with_a_leaning_sentence_is_kept_with_the_one_before_it():
    """'Dat kan op niveau 2, 3 en 4.' opening a paragraph says nothing alone: it goes with the
    last sentence of the paragraph before, said once; not after a list, whose last item is
    not what it leans on, and not a question's answer across paragraphs."""
    body = (
        "Met een TL-diploma kun je naar het mbo.\n\nDat kan op niveau 2, 3 en 4 meestal.\n\n"
        "- een los item zonder inleiding\nDat is een zin na een lijst.\n\n"
        "Wil je naar de havo?\n\nJe doet examen in een extra vak."
    )
    assert _texts(body) == [
        "Met een TL-diploma kun je naar het mbo. Dat kan op niveau 2, 3 en 4 meestal.",
        "Dat is een zin na een lijst.",
        "Wil je naar de havo?",
        "Je doet examen in een extra vak.",
    ]


def test_a_short_sentence_that_leans_is_said_with_the_one_before_it():
    units = _texts(
        "Met een mbo-diploma op niveau 4 kun je naar het hbo. Dat heet doorstromen. "
        "Voor techniek is dit een veelgebruikte route."
    )
    assert units == [
        "Met een mbo-diploma op niveau 4 kun je naar het hbo. Dat heet doorstromen.",
        "Voor techniek is dit een veelgebruikte route.",
    ]


def test_a_short_sentence_that_does_not_lean_is_still_no_unit():
    assert _texts("Het hbo duurt meestal vier jaar. Heel fijn. Een bachelor is een diploma.") == [
        "Het hbo duurt meestal vier jaar.",
        "Een bachelor is een diploma.",
    ]
