"""Chunk boundaries: the overlap carried into the next chunk never opens with a sentence that
leans on one it left behind ("Daarvoor kwam Eerst De Klas." without the shortage it answers),
and the pieces of one long paragraph stay one paragraph."""

from assistant.answer_units import leans
from assistant.sentences import split_sentences
from ingest.chunk import split_section
from ingest.documents import Section

SHORTAGE = "Verder was er een tekort aan docenten in de exacte vakken."
LEANS = "Daarvoor kwam onder meer Eerst De Klas."
NEXT = (
    "Voor jou als leerling is de boodschap dat veel techniek op school uit zulke programma's komt."
)
OPENING = "Op het vmbo bleef de keuze voor techniek achter. " * 4


def _section(middle: str) -> Section:
    return Section(f"{OPENING}{middle}\n\n{NEXT}", "Wat ging goed?")


def test_an_overlap_that_would_open_with_a_leaning_sentence_takes_the_one_before_it():
    chunks = split_section(_section(f"{SHORTAGE} {LEANS}"), size=300, overlap=60)
    assert len(chunks) == 2
    assert chunks[1].startswith(f"{SHORTAGE} {LEANS}")


def test_a_leaning_sentence_is_left_out_of_the_overlap_when_its_antecedent_does_not_fit():
    long = "Verder was er een heel groot en al jaren durend tekort aan docenten " * 2 + "overal."
    chunks = split_section(_section(f"{long} {LEANS}"), size=400, overlap=45)
    assert len(chunks) == 2 and chunks[1] == NEXT  # no overlap rather than one pointing nowhere


def test_an_overlap_of_sentences_that_stand_alone_is_the_last_that_fit():
    plain = "Eerst De Klas leidde talentvolle afgestudeerden op tot docent."
    chunks = split_section(_section(f"{SHORTAGE} {plain}"), size=300, overlap=70)
    last = split_sentences(chunks[0])[-1]
    assert len(chunks) == 2 and not leans(last) and chunks[1].startswith(last)


def test_the_pieces_of_a_long_paragraph_stay_one_paragraph():
    """Split at a sentence end because it is too long for one chunk, the rest of a paragraph
    goes on after the overlap with a space, not as a new paragraph: "Daarom ..." is still read
    with the sentence before it."""
    rest = "Daarom kwamen er regionale netwerken. Daarin werkten scholen en bedrijven samen."
    chunks = split_section(_section(f"{SHORTAGE} {rest}"), size=300, overlap=70)
    assert len(chunks) == 2 and chunks[1].endswith(f"{rest}\n\n{NEXT}")
    paragraphs = [p for chunk in chunks for p in chunk.split("\n\n")]
    assert not [p for p in paragraphs if leans(p)], "a paragraph opens leaning on nothing"
