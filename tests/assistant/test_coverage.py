"""Does an answer cover the question, or should it say 'niet in mijn bronnen'?"""

import pytest

from assistant.coverage import covers, unknown_names

KNOWN = frozenset({"zwolle", "overijssel", "n", "t", "wisb", "wiskunde", "b"})
PASSAGES = "Jet-Net begon in 2002 met Philips en Shell. Met N&T kun je naar de TU Delft."


@pytest.mark.parametrize(
    ("question", "answer", "covered"),
    [
        ("Wanneer begon Jet-Net?", "Jet-Net begon in 2002. [1]", True),
        ("Hoeveel verdient een lasser?", "Een lasser verbindt metaal. [1]", False),
        ("Wat is het salaris van een lasser?", "Een lasser verbindt metaal. [1]", False),
        ("hoeveel loon krijg je bij bbl", "Je krijgt loon van het bedrijf. [1]", False),
        ("krijg je loon bij bbl?", "Je hebt een contract en je krijgt loon. [1]", True),
        ("wat verdien je dan als lasser", "Een lasser verbindt metaal. [1]", False),
        ("verdien je veel als lasser", "Een lasser verbindt metaal. [1]", False),
        # wanting to earn money asks which route pays, not how much
        ("bol of bbl ik wil graag geld verdienen", "Bij BBL krijg je loon. [1]", True),
        ("Hoeveel meiden kiezen techniek?", "Er moest meer aandacht komen. [1] [2]", False),
        ("Hoeveel meiden kiezen techniek?", "Het waren er 1200 in 2015. [1]", True),
        ("Hoeveel scholen stonden op de wachtlijst?", "In 2016 waren er plannen. [1]", False),
        ("Hoeveel bedrijven tekenden?", "Driekwart van de bedrijven tekende. [1]", True),
        ("Hoeveel bedrijven tekenden?", "Veel bedrijven tekenden. [1]", False),
        # hours asked: a sentence with a count word but no hours does not say them
        ("hoeveel uur o&o heb je per week", "Het is geen aparte school. [1]", False),
        ("hoeveel uur o&o heb je per week", "Je hebt vier uur O&O per week. [1]", True),
        ("hoeveel jaar duurt het hbo", "Het hbo duurt meestal vier jaar. [1]", True),
        ("hoeveel jaar duurt het hbo", "Er zijn twee soorten hbo. [1]", False),
        ("hoeveel uren stage loop je", "Je loopt 20 uren stage. [1]", True),
        # how much of a subject is said in words, not counted
        ("hoeveel wiskunde heb je bij werktuigbouwkunde", "Je hebt wiskunde B nodig. [1]", True),
        ("Hoeveel procent kiest N&T?", "Veel leerlingen kiezen N&T, 2 van de 3. [1]", False),
        ("Hoeveel procent kiest N&T?", "Ongeveer 20 procent kiest N&T. [1]", True),
        (
            "Welk cijfer moet ik halen voor wisB?",
            "Je hebt wiskunde B nodig voor klas 4. [1]",
            False,
        ),
        ("Welk cijfer moet ik halen voor wisB?", "Je hebt minimaal een 6 nodig. [1]", True),
        ("wat was de n-term van wiskunde B dit jaar?", "Wiskunde B is verplicht. [1]", False),
        ("Welk beroep heeft in 2030 de meeste kans?", "Techniek heeft veel kansen. [1]", False),
        ("Wie was de aanjager van het Techniekpact?", "Het pact had een aanjager. [1]", False),
        (
            "Wie was de aanjager van het Techniekpact?",
            "Doekle Terpstra, aanjager Techniekpact, was blij. [1]",
            True,
        ),
        # from one school to another: the answer must name where the pupil wants to go
        ("kan ik van de mavo naar het vwo", "De mavo heet nu de TL. [1]", False),
        ("kan ik van de mavo naar het vwo", "Na de havo kun je naar het vwo. [1]", True),
        ("kan ik na de havo naar de uni", "Met havo kun je naar het hbo. [1]", False),
        ("kan ik na de havo naar de uni", "Met een propedeuse mag je naar het wo. [1]", True),
        ("mag ik na kader naar mbo 4", "Met KB kun je naar het mbo. [1]", True),
        ("kan ik naar de havo", "De havo duurt vijf jaar. [1]", True),  # from nowhere
    ],
)
def test_the_answer_must_hold_the_kind_of_fact_asked_for(question, answer, covered):
    assert covers(question, answer, PASSAGES + " " + answer, KNOWN) is covered


def test_a_name_no_passage_mentions_means_not_in_the_sources():
    assert unknown_names("Heeft ASML stageplekken voor vmbo'ers?", PASSAGES, KNOWN) == ["ASML"]
    assert unknown_names("Kan ik naar de TU Delft met N&T?", PASSAGES, KNOWN) == []


def test_towns_abbreviations_first_words_and_the_pupils_own_name_are_not_topics():
    question = "Ik woon in Zwolle. Mijn naam is Sanne de Vries, heb ik wisB nodig?"
    assert unknown_names(question, PASSAGES, KNOWN) == []
