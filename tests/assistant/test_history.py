"""Unit tests for follow-up detection and condensing (fake chat models only)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import Field

from assistant.history import MAX_TURNS, as_turns, condense, is_follow_up, split_condensed

EARLIER = [
    {"role": "user", "content": "Wat doet een procesoperator?"},
    {
        "role": "assistant",
        "content": "Een procesoperator bewaakt de installaties in een fabriek. [1]",
    },
]
TURNS = [
    ("user", "Wat doet een procesoperator?"),
    ("assistant", "Een procesoperator bewaakt de installaties in een fabriek. [1]"),
]


class RecordingModel(FakeListChatModel):
    """Plays `responses` in turn and remembers the prompts it was given."""

    prompts: list[Any] = Field(default_factory=list)

    def _call(self, messages: Any, *args: Any, **kwargs: Any) -> str:
        self.prompts.append(messages)
        return super()._call(messages, *args, **kwargs)


class BrokenModel(FakeListChatModel):
    def _call(self, *args: Any, **kwargs: Any) -> str:
        raise ConnectionError("llama.cpp server went away")


# -- as_turns ----------------------------------------------------------------------------------


def test_gradio_message_dicts_with_string_content():
    assert as_turns(EARLIER) == TURNS


def test_gradio_message_dicts_with_content_parts():
    history = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Welke opleiding"},
                {"type": "text", "text": "past bij techniek?"},
            ],
        },
        {
            "role": "assistant",
            "content": [{"type": "text", "text": "  Bijvoorbeeld Operator. [1] "}],
        },
    ]
    assert as_turns(history) == [
        ("user", "Welke opleiding past bij techniek?"),
        ("assistant", "Bijvoorbeeld Operator. [1]"),
    ]


def test_role_text_tuples():
    assert as_turns([("user", " Wat is Jet-Net? "), ("assistant", "Een netwerk.")]) == [
        ("user", "Wat is Jet-Net?"),
        ("assistant", "Een netwerk."),
    ]


def test_empty_turns_and_other_roles_are_dropped():
    history = [
        {"role": "system", "content": "Je bent een assistent."},
        {"role": "user", "content": "   "},
        {"role": "assistant", "content": [{"type": "file", "file": {"path": "/tmp/a.png"}}]},
        {"role": "tool", "content": "zoekresultaat"},
        {"role": "user", "content": "Wat doet een lasser?"},
        ("assistant", ""),
    ]
    assert as_turns(history) == [("user", "Wat doet een lasser?")]
    assert as_turns(None) == []
    assert as_turns([]) == []


def test_only_the_last_turns_are_kept():
    history = [
        ("user" if i % 2 == 0 else "assistant", f"bericht {i}") for i in range(MAX_TURNS + 3)
    ]
    turns = as_turns(history)
    assert len(turns) == MAX_TURNS
    assert turns == [(r, t) for r, t in history[-MAX_TURNS:]]


# -- is_follow_up ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "En hoeveel verdien je daarmee?",
        "Welke opleiding heb je daarvoor nodig?",
        "En op het vmbo?",
        "Hoeveel verdient hij?",
        "Is dat zwaar werk?",
        "Waar kan ik die opleiding doen?",
        "Ook in Brabant?",
        "Wat verdien je?",  # short, no name: needs the earlier question
        "hoeveel dagen ga je dan naar school",  # "dan": in that case
        "welke vakken heb je dan nodig",
        "wie heeft dat opgericht?",  # a question word, a verb, "dat"
        "wanneer is dat begonnen",
        "zijn er bedrijven hier in de buurt waar ik dat kan zien?",  # "hier", "ik dat"
    ],
)
def test_follow_ups(question):
    assert is_follow_up(question, TURNS)


@pytest.mark.parametrize(
    "question",
    [
        "Wat is Jet-Net?",
        "Wat doet een procesoperator in een fabriek?",
        "Welke profielen passen bij techniek?",
        "Wat doet Tata Steel?",
        "Werkt ASML met stagiairs?",
        "Wat kun je worden met het profiel Natuur en Techniek?",
        "Welke bedrijven zijn er in Zeeland?",
        "Wat is mechatronica?",
        "Klopt het dat technici goed verdienen?",  # "dat" as a conjunction
        "Wat doet een monteur die windmolens onderhoudt?",  # "die" as a relative pronoun
        "Verdien je in de techniek meer dan in de zorg?",  # "dan" after a comparative
        "Is het mbo anders dan het hbo voor een leerling?",
        "Als ik ingenieur wil worden, moet ik dan N&T kiezen?",  # closes an "als" clause
    ],
)
def test_standalone_questions(question):
    assert not is_follow_up(question, TURNS)


@pytest.mark.parametrize(
    "turns",
    [[], [("assistant", "Hoi! Waar kan ik je mee helpen?")]],
    ids=["none", "assistant-only"],
)
def test_no_follow_up_without_an_earlier_user_turn(turns):
    assert not is_follow_up("En hoeveel verdien je daarmee?", turns)


# -- condense ----------------------------------------------------------------------------------


def test_without_a_model_the_previous_question_is_added():
    history = [
        *EARLIER,
        {"role": "user", "content": "Wat doet een lasser?"},
        {"role": "assistant", "content": "Lassen. [1]"},
    ]
    assert (
        condense("En hoeveel verdien je daarmee?", history)
        == "En hoeveel verdien je daarmee? (Wat doet een lasser?)"
    )


def test_a_follow_up_on_a_follow_up_keeps_the_subject_of_the_first_question():
    history = [
        *EARLIER,
        {"role": "user", "content": "moet je dan ook snachts werken?"},
        {"role": "assistant", "content": "Vaak werk je in ploegendienst. [1]"},
    ]
    assert condense("en wat doe je de hele dag?", history) == (
        "en wat doe je de hele dag? (moet je dan ook snachts werken? Wat doet een procesoperator?)"
    )


def test_with_a_model_its_rewrite_is_used():
    model = RecordingModel(responses=['"Hoeveel verdient een procesoperator?"\n'])
    assert condense("En hoeveel verdien je daarmee?", EARLIER, model) == (
        "Hoeveel verdient een procesoperator?"
    )
    (prompt,) = model.prompts
    assert isinstance(prompt[0], SystemMessage) and isinstance(prompt[-1], HumanMessage)
    assert "Leerling: Wat doet een procesoperator?" in prompt[-1].content
    assert "Laatste vraag: En hoeveel verdien je daarmee?" in prompt[-1].content


@pytest.mark.parametrize(
    "reply",
    [
        "",
        "  ",
        "Hoeveel verdient een procesoperator?\nDat is een goede vraag, want salarissen verschillen.",
        "Hoeveel verdient een procesoperator " + "in de chemische industrie " * 15 + "?",
    ],
    ids=["empty", "blank", "multi-line", "too-long"],
)
def test_unusable_rewrite_falls_back_to_the_simple_rule(reply):
    model = RecordingModel(responses=[reply])
    assert condense("En hoeveel verdien je daarmee?", EARLIER, model) == (
        "En hoeveel verdien je daarmee? (Wat doet een procesoperator?)"
    )
    assert len(model.prompts) == 1  # the model was asked; its answer was rejected


def test_failing_model_falls_back_to_the_simple_rule(caplog):
    model = BrokenModel(responses=["ongebruikt"])
    assert condense("En hoeveel verdien je daarmee?", EARLIER, model) == (
        "En hoeveel verdien je daarmee? (Wat doet een procesoperator?)"
    )
    assert "went away" in caplog.text


def test_standalone_question_is_unchanged_and_the_model_not_called():
    model = RecordingModel(responses=["Iets heel anders?"])
    question = "Wat doet een procesoperator in een fabriek?"
    assert condense(question, EARLIER, model) == question
    assert model.prompts == []


def test_standalone_question_gets_no_bracketed_context_without_a_model():
    question = "Wat doet een procesoperator in een fabriek?"
    assert not is_follow_up(question, as_turns(EARLIER))
    assert condense(question, EARLIER, None) == question


def test_first_question_is_unchanged():
    model = RecordingModel(responses=["Iets heel anders?"])
    assert condense("En op het vmbo?", [], model) == "En op het vmbo?"
    assert model.prompts == []


def test_a_rule_condensed_follow_up_splits_into_own_words_and_the_earlier_question():
    condensed = condense("en krijg je dan ook geld?", EARLIER)
    own, earlier = split_condensed(condensed)
    assert own == "en krijg je dan ook geld?" and earlier and condensed.endswith(f"({earlier})")
    assert split_condensed("wat is bbl") == ("wat is bbl", "")
    assert split_condensed("is (O&O) een vak op het vwo?") == ("is (O&O) een vak op het vwo?", "")
