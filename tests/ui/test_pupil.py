"""The pupil page's handlers, without a browser: levels as pupils name them, towns to
provinces, a streamed chat turn with sources, cards and the route card, feedback stored with
the question scrubbed, and the quiz."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assistant import texts
from assistant.answer import Outcome
from assistant.feedback import export_csv
from assistant.storage import open_storage
from ui import pupil
from ui.quiz import quiz_outcome


@pytest.fixture
def storage(tmp_path: Path):
    with open_storage(f"sqlite:///{tmp_path / 'feedback.sqlite3'}") as opened:
        yield opened


@pytest.mark.parametrize(
    ("label", "level"),
    [("vmbo kader", "vmbo"), ("vmbo theoretisch (mavo)", "vmbo"), ("havo", "havo"),
     ("vwo", "vwo"), (texts.LEVEL_UNKNOWN, None), ("", None)],
)  # fmt: skip
def test_a_level_as_pupils_name_it_becomes_the_records_level(label, level):
    assert pupil.school_level(label) == level


def test_example_questions_change_with_the_level():
    vmbo, vwo, unknown = (pupil.examples_for(x) for x in ("vmbo basis", "vwo", None))
    assert len(vmbo) == len(vwo) == len(unknown) == 5
    assert vmbo != vwo != unknown and any("vmbo" in q for q in vmbo)


def test_a_town_resolves_to_its_province_and_an_unknown_one_says_so(page_assistant):
    analyzer = page_assistant.analyzer
    assert pupil.place_of(analyzer, "Zwolle") == (
        "Overijssel",
        texts.TOWN_FOUND.format(town="Zwolle", province="Overijssel"),
    )
    assert pupil.place_of(analyzer, "zwole")[0] == "Overijssel"  # a typo
    assert pupil.place_of(analyzer, "brabant")[0] == "Noord-Brabant"
    province, message = pupil.place_of(analyzer, "Xyzstad")
    assert province is None and message == texts.TOWN_UNKNOWN.format(town="Xyzstad")
    assert pupil.place_of(analyzer, "  ") == (None, "")


def test_a_chat_turn_streams_with_sources_first_and_ends_with_the_route_card(page_assistant):
    state = pupil.PageState(level="havo")
    turns = list(pupil.chat_turn(page_assistant, "Hoe word je procesoperator?", [], state))
    first, last = turns[0], turns[-1]
    assert len(turns) > 3 and "procesoperator.yaml" in first.sources
    assert last.chat[0] == {"role": "user", "content": "Hoe word je procesoperator?"}
    assert (
        last.chat[-1]["role"] == "assistant" and "Chemische Technologie" in last.chat[-1]["content"]
    )
    assert (
        "Chemische Technologie" in last.route and "corpus/roles/procesoperator.yaml" in last.route
    )
    assert state.answer is not None and state.answer.outcome is Outcome.ANSWERED
    assert state.question == "Hoe word je procesoperator?" and not state.rated


def test_companies_come_from_the_province_the_pupil_lives_in(page_assistant):
    state = pupil.PageState(province="Groningen")
    last = list(pupil.chat_turn(page_assistant, "Welke bedrijven kan ik bezoeken?", [], state))[-1]
    assert "Zoutwerk Delfzijl" in last.companies and texts.EXAMPLE_PROFILE in last.companies


def test_an_empty_question_does_nothing(page_assistant):
    assert list(pupil.chat_turn(page_assistant, "   ", [], pupil.PageState())) == []


def test_feedback_is_stored_once_with_the_question_scrubbed(page_assistant, storage, tmp_path):
    state = pupil.PageState()
    question = "Wat doet een procesoperator? Ik heet Sanne Jansen, mail sanne@example.com"
    list(pupil.chat_turn(page_assistant, question, [], state))
    reply = pupil.give_feedback(storage, state, -1, "Klopt niet, bel 0612345678", "v1")
    assert reply == texts.FEEDBACK_THANKS
    assert pupil.give_feedback(storage, state, 1, "", "v1") == texts.FEEDBACK_ALREADY
    assert export_csv(storage, tmp_path / "out.csv") == 1
    [row] = list(csv.DictReader((tmp_path / "out.csv").open(encoding="utf-8")))
    assert row["rating"] == "-1" and row["outcome"] == "answered" and row["corpus_version"] == "v1"
    assert "Sanne" not in row["question"] and "sanne@example.com" not in row["question"]
    assert "0612345678" not in row["comment"] and "[telefoon]" in row["comment"]
    assert row["sources"].startswith("corpus/roles/procesoperator.yaml")


def test_feedback_before_a_question_or_without_storage_says_so(page_assistant, storage):
    state = pupil.PageState()
    assert pupil.give_feedback(storage, state, 1, "", "v1") == texts.FEEDBACK_NOTHING_YET
    list(pupil.chat_turn(page_assistant, "Wat is Jet-Net?", [], state))
    assert pupil.give_feedback(None, state, 1, "", "v1") == texts.FEEDBACK_OFF


def test_the_quiz_turns_choices_into_roles_and_questions(page_assistant):
    roles = list(page_assistant.directory.catalog.roles.values())
    html, questions, top = quiz_outcome(["Ja", "Ja", "Ja"] + ["Nee"] * 15, roles, None)
    assert "Doener" in html and questions and all(q.endswith("?") for q in questions)
    assert top == ["R"]
    html, questions, top = quiz_outcome([None] * 18, roles, None)
    assert "Nee" in html and questions  # general questions to start from
