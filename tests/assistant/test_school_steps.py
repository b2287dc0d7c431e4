"""A step between two kinds of school: which step a question asks, and the paragraph under the
heading (or the label) that names that step."""

import pytest

from assistant.school_steps import MAX_WORDS, school_step, step_lead
from assistant.types import Hit


@pytest.mark.parametrize(
    ("question", "step"),
    [
        ("kun je van mbo 4 door naar het hbo?", ("mbo", "hbo")),
        ("ik zit op vmbo-tl, hoe kom ik op de havo?", ("vmbo", "havo")),
        ("na het hbo nog naar de uni voor een master, kan dat?", ("hbo", "wo")),
        ("kan ik met havo naar de universiteit", ("havo", "wo")),
        ("kan ik met vmbo kader naar de havo", ("vmbo", "havo")),
        ("ik zit op de havo, kan ik naar het mbo?", ("havo", "mbo")),
        ("ik wil na mijn hbo nog een master op de universiteit doen", ("hbo", "wo")),
        ("als ik hbo doe kan ik daarna nog een master op de uni doen?", ("hbo", "wo")),
        ("als ik hbo heb afgerond kan ik dan nog een master doen?", ("hbo", "wo")),
        ("havo 4 hier, wil naar de tu delft, moet ik eerst vwo doen", ("havo", "wo")),
        ("ik doe basis, kan ik later naar de havo", ("vmbo", "havo")),
        ("na het vmbo, mbo of havo?", ("vmbo", "mbo")),
        ("wat is het verschil tussen mbo en hbo", None),
        ("ik heb EM, kan ik elektrotechniek doen?", None),
        ("welke opleiding op het hbo", None),
        ("ik zit op de havo", None),
    ],
)
def test_the_step_a_question_asks(question, step):
    assert school_step(question) == step


def _hit(section: str, body: str, doc_type: str = "profile") -> Hit:
    meta = {"section": section, "doc_type": doc_type, "source": "corpus/profiles/x.md"}
    return Hit(section, f"Na school — {section}\n{body}", 0.5, meta)


ROUTES = _hit(
    "Van havo naar hbo, en van vwo naar wo",
    "**Havo naar hbo.** De havo bereidt je voor op het hbo. Het hbo duurt vier jaar.\n\n"
    "**Havo naar wo.** Met alleen een havo-diploma mag je niet direct naar de universiteit. "
    "Je haalt eerst de propedeuse van het hbo.",
)
MBO = _hit(
    "Van mbo-4 naar het hbo",
    "Met een mbo-diploma op niveau 4 kun je naar het hbo. Dat heet doorstromen.\n\n"
    "Met een diploma op niveau 2 of 3 kun je niet direct naar het hbo.",
)


def test_the_paragraph_labelled_with_the_step_is_the_lead():
    lead, hit = step_lead("kan ik met havo naar de uni?", [MBO, ROUTES])
    assert hit is ROUTES
    assert lead.startswith("Met alleen een havo-diploma mag je niet direct")
    assert "propedeuse" in lead
    assert "vier jaar" not in lead


def test_a_heading_naming_the_step_gives_its_first_paragraph():
    lead, hit = step_lead("kun je van mbo 4 door naar het hbo?", [ROUTES, MBO])
    assert hit is MBO
    assert lead == "Met een mbo-diploma op niveau 4 kun je naar het hbo. Dat heet doorstromen."


def test_a_heading_naming_another_step_after_the_same_start_is_not_the_step():
    # "van havo naar hbo, en van vwo naar wo" does not go from havo to wo by its heading
    only_heading = _hit("Van havo naar hbo, en van vwo naar wo", "De havo duurt vijf jaar.")
    assert step_lead("kan ik met havo naar de uni?", [only_heading]) is None


def test_no_step_no_lead_and_role_records_are_not_searched():
    assert step_lead("wat doet een monteur?", [MBO]) is None
    record = _hit("Van mbo-4 naar het hbo", "Met mbo 4 kun je naar het hbo.", doc_type="role")
    assert step_lead("kan ik van mbo naar hbo?", [record]) is None


def test_a_long_paragraph_is_cut_at_a_sentence():
    long = " ".join(f"Met mbo 4 kun je naar het hbo in richting {i}." for i in range(30))
    lead, _ = step_lead("kan ik van mbo naar hbo?", [_hit("Van mbo naar het hbo", long)])
    assert lead.endswith(".")
    assert len(lead.split()) <= MAX_WORDS + 12
    assert len(lead.split()) >= MAX_WORDS - 12


def test_the_step_is_searched_for_when_the_passages_lack_it():
    from types import SimpleNamespace

    from assistant.school_steps import step_passage

    asked: list[str] = []

    def search(query: str) -> SimpleNamespace:
        asked.append(query)
        return SimpleNamespace(hits=[MBO])

    lead, hit = step_passage("kun je van mbo 4 door naar het hbo?", [ROUTES], search)
    assert hit is MBO and asked == ["van mbo naar hbo"]
    assert step_passage("kun je van mbo 4 door naar het hbo?", [MBO], search)[1] is MBO
    assert len(asked) == 1  # found in the passages: no search
    assert step_passage("wat doet een monteur?", [MBO], search) is None and len(asked) == 1


def test_a_heading_step_is_read_from_the_sections_first_chunk():
    """A section's later chunk opens mid-paragraph ("En soms zijn er eisen ..."): the step is
    the first paragraph of the section's first chunk, which the search had not ranked."""
    later = _hit("Van hbo naar wo: de premaster", "En soms zijn er eisen, zoals een cijfer.")
    first = _hit(
        "Van hbo naar wo: de premaster",
        "Met een hbo-bachelor kun je een master doen. Vaak doe je eerst een premaster.",
    )
    lead, hit = step_lead(
        "als ik hbo heb afgerond kan ik dan nog een master op de uni doen?",
        [later],
        sections=lambda source, section: [first, later],
    )
    assert hit is first and lead.startswith("Met een hbo-bachelor kun je een master doen.")


def test_the_paragraph_naming_the_pupils_own_leerweg_goes_first():
    """ "ik doe kader, kan ik naar havo 4?": the KB section says it cannot be done directly;
    the general step paragraph is about GL and TL, which would mislead a KB pupil."""
    general = _hit(
        "Van het vmbo naar de havo",
        "Met een diploma van de gemengde of theoretische leerweg kun je naar havo 4.",
    )
    kb = _hit(
        "De kaderberoepsgerichte leerweg (KB)",
        "In KB heb je veel praktijk.\n\nVan KB naar de havo gaan kan niet direct. Dan moet je "
        "eerst naar de gemengde of theoretische leerweg.",
    )
    lead, hit = step_lead("doe kader bwi, kan ik na mn examen door naar havo 4?", [general, kb])
    assert hit is kb and lead.startswith("Van KB naar de havo gaan kan niet direct.")
    lead, hit = step_lead("zit in 3 gl, mag ik naar havo 4", [general, kb])
    assert hit is general


def test_a_pupils_own_leerweg_is_searched_when_the_passages_hold_only_the_general_step():
    from types import SimpleNamespace

    from assistant.school_steps import step_passage

    general = _hit(
        "Van het vmbo naar de havo",
        "Met een diploma van de gemengde of theoretische leerweg kun je naar havo 4.",
    )
    bb = _hit(
        "De basisberoepsgerichte leerweg (BB)",
        "In BB leer je door te doen.\n\nVan BB naar de havo gaan kan niet direct.",
    )
    asked = []

    def search(query):
        asked.append(query)
        return SimpleNamespace(hits=[bb] if query.startswith("van bb") else [general])

    lead, hit = step_passage("ik zit in bb, kan ik naar de havo", [general], search)
    assert hit is bb and lead == "Van BB naar de havo gaan kan niet direct."
    assert "van bb naar havo" in asked
    asked.clear()
    lead, hit = step_passage("ik zit in gl, kan ik naar de havo", [general], search)
    assert hit is general and asked == []  # the passages name GL: no search
