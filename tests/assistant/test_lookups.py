"""Which passages an answer is drawn from (assistant.lookups.drawn_on), and that the extractive
sheet reads all of them: a figure in a long report is often just below the first passages."""

from assistant.generation import Context, extractive_sheet
from assistant.lookups import KIND_MORE, drawn_on
from assistant.types import Hit

OTHERS = [
    Hit(f"h{n}", f"Kop {n}\nJet-Net groeide in die jaren met veel scholen en bedrijven.", 1.0)
    for n in range(1, 5)
]
FIGURE = Hit("h5", "Wachtlijst\nOp de wachtlijst van Jet-Net stonden toen 85 scholen.", 1.0)


def test_a_question_after_a_figure_draws_on_more_passages():
    passages = [*OTHERS, FIGURE]
    assert drawn_on("wat doet Jet-Net met scholen", passages, 3) == passages[:3]
    more = drawn_on("hoeveel scholen stonden op de wachtlijst", passages, 3)
    assert more == passages[: 3 + KIND_MORE] and more[-1] is FIGURE


def test_the_sheet_reads_every_passage_it_is_given():
    ctx = Context("hoeveel scholen stonden op de wachtlijst van Jet-Net", [*OTHERS, FIGURE])
    sheet = extractive_sheet(ctx)
    assert sheet is not None and "85 scholen" in sheet.text and 5 in sheet.cited
