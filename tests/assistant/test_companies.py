from pathlib import Path

import pytest

from assistant.catalog import Catalog
from assistant.companies import CompanyDirectory
from assistant.query import QueryAnalyzer

SHIPPED = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def directory():
    analyzer = QueryAnalyzer.from_corpus(SHIPPED)
    return CompanyDirectory(Catalog.from_corpus(SHIPPED), analyzer.neighbours)


def test_requested_province_comes_first_then_neighbours(directory):
    matches = directory.match(
        "Waar kan ik procesoperator worden?", [], "Limburg", company_intent=True, k=10
    )
    assert matches and matches[0].company.province == "Limburg"
    tiers = [m.tier for m in matches]
    assert tiers == sorted(tiers) and set(tiers) <= {0, 1}
    neighbours = set(directory.neighbours["Limburg"])
    assert all(m.company.province in neighbours for m in matches if m.tier == 1)


def test_only_companies_in_the_province_when_it_has_enough(directory):
    matches = directory.match(
        "Welke bedrijven in Gelderland kan ik bezoeken?", [], "Gelderland", company_intent=True, k=3
    )
    assert len(matches) == 3 and {m.company.province for m in matches} == {"Gelderland"}
    assert all("bedrijfsbezoek" in m.company.offers for m in matches)


def test_reason_says_what_they_do_and_what_you_can_do_there(directory):
    (match,) = directory.match("Ik wil chipontwerper worden", [], None, company_intent=False, k=1)
    assert "chipontwerper" in match.reason and "je kunt er terecht voor:" in match.reason
    assert match.as_json()["example"] is True


def test_same_province_beats_a_better_fit_elsewhere(directory):
    (match,) = directory.match(
        "Ik wil chipontwerper worden", [], "Noord-Brabant", company_intent=False, k=1
    )
    assert match.company.province == "Noord-Brabant" and match.tier == 0


def test_no_companies_for_a_question_about_something_else(directory):
    assert directory.match("Wat is een profielwerkstuk?", [], None, company_intent=False) == []


def test_companies_in_the_pupils_own_town_come_first_in_its_province(directory):
    asked = "Welke bedrijven in Overijssel hebben een meeloopdag?"
    anywhere = directory.match(asked, [], "Overijssel", company_intent=True, k=10)
    towns = [m.company.city for m in anywhere if m.tier == 0]
    assert len(set(towns)) > 1  # several towns, so the order can show the town first
    for town in set(towns):
        matches = directory.match(asked, [], "Overijssel", company_intent=True, k=10, town=town)
        in_town = [m.company.city == town for m in matches if m.tier == 0]
        assert in_town == sorted(in_town, reverse=True) and in_town[0]
        assert {m.company.id for m in matches} == {m.company.id for m in anywhere}


def test_the_question_s_own_words_rank_what_a_company_does(directory):
    """ "robots" names no role or sector, but the company that builds robots says so itself."""
    question = "welke bedrijven in zwolle doen iets met robots"
    matches = directory.match(question, [], "Overijssel", company_intent=True, k=3, town="Zwolle")
    assert matches[0].company.id == "twentse-zorgrobotica"
    assert {m.company.province for m in matches} == {"Overijssel"}
    plain = directory.match(
        "welke bedrijven zijn er in zwolle",
        [],
        "Overijssel",
        company_intent=True,
        k=3,
        town="Zwolle",
    )
    assert [m.company.id for m in plain][0] != "twentse-zorgrobotica"  # no word: no favourite


def test_a_company_with_a_role_the_pupil_asks_about_comes_before_the_own_town(directory):
    """ "iets met chips" in Eindhoven: Waferlicht (Veldhoven) has a role of that subject; the
    design studio in Eindhoven shares only a sector with it, so it comes after."""
    topic = {"chipontwerper", "monteur-mechatronica"}
    matches = directory.match(
        "welke bedrijven in eindhoven doen iets met chips",
        [],
        "Noord-Brabant",
        company_intent=True,
        k=3,
        topic=topic,
        town="Eindhoven",
    )
    ids = [m.company.id for m in matches]
    assert ids[0] == "waferlicht-veldhoven", ids
    assert "vormstudio-lichtstad" in ids[1:]  # the own town still before the rest
    assert matches[0].company.province == "Noord-Brabant"
