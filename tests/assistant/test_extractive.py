from assistant.extractive import MAX_WORDS, compose
from assistant.types import Hit


def _hit(text: str) -> Hit:
    return Hit("id", text, 0.9, {})


def test_answer_takes_the_matching_sentences_and_cites_them():
    hits = [
        _hit(
            "Procesoperator — Wat doet een procesoperator?\nEen procesoperator bewaakt de installaties. "
            "Je werkt in ploegen. De kantine is groot."
        ),
        _hit("Jet-Net\nJet-Net koppelt scholen aan bedrijven."),
    ]
    text, cited = compose("Wat doet een procesoperator in de fabriek?", hits)
    assert text.startswith("Een procesoperator bewaakt de installaties. [1]")
    assert cited[0] == 1 and "Volgende stap" not in text  # added when shown (texts.message)


def test_answer_stays_short():
    long = "Zin over techniek en werktuigbouwkunde nummer {}."
    hits = [_hit("Titel\n" + " ".join(long.format(i) for i in range(80)))]
    text, _ = compose("werktuigbouwkunde techniek", hits)
    assert len(text.split("\n\n")[0].split()) <= MAX_WORDS + 10
