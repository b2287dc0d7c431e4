"""Which roles fit what a pupil names (assistant.role_search): "ik wil iets met X, wat kan ik
worden?" lists the role records about X, each cited to its record, through the pipeline over
the fixture corpus without a model."""

import pytest

from assistant import texts
from assistant.answer import Outcome
from assistant.answer_checks import CITATION, check_answer


@pytest.fixture
def assistant(make_assistant, corpus):
    """The pipeline over the fixture corpus (one role record: procesoperator), without a model."""
    return make_assistant(llm="extractive", corpus_dir=corpus)


def items(text: str) -> list[str]:
    return [CITATION.sub("", line[2:]).strip() for line in text.splitlines() if line[:2] == "- "]


def test_a_question_for_jobs_about_a_subject_lists_the_roles_about_it(assistant):
    answer = assistant.ask("welke beroepen zijn er met installaties in een fabriek?")
    assert answer.outcome is Outcome.ANSWERED
    assert answer.text.startswith(f"{texts.ROLES_FOR_SUBJECT}\n")
    assert items(answer.text) == [
        "Procesoperator: Een procesoperator bewaakt de installaties in een fabriek."
    ]
    first = assistant.retriever.record_hits("procesoperator")[0]
    assert [h.chunk_id for h in answer.hits] == [first.chunk_id] and answer.cited == [1]
    assert texts.ROLES_ASK_MORE.format(title="procesoperator") in answer.text
    checked = check_answer(answer.text, answer.hits)
    assert not checked.fallback and not checked.not_in_sources, checked.problems


@pytest.mark.parametrize(
    "question",
    [
        "welke beroepen zijn er met dieren?",  # no role record is about it
        "wat gebeurt er met installaties in een fabriek?",  # asks no jobs
    ],
)
def test_no_role_list_without_a_role_about_it_or_without_asking_for_jobs(assistant, question):
    assert not assistant.ask(question).text.startswith(texts.ROLES_FOR_SUBJECT)


# -- "ik zit in 3 kader en wil iets met auto's, welke opleiding?": the route to the one role
# named after what the pupil names


def _records(found: list[str]):
    from assistant.catalog import Catalog
    from assistant.drafts import Records
    from tests.conftest import SHIPPED_CORPUS

    catalog = Catalog.from_corpus(SHIPPED_CORPUS)
    return Records(catalog, None, lambda record_id: [], lambda question, limit=2: found)  # type: ignore[arg-type]


def test_a_study_asked_for_a_subject_gets_the_route_of_the_role_named_after_it():
    from assistant.drafts import Draft
    from assistant.role_search import subject_route

    asked: list[str] = []

    def route(role_id):
        asked.append(role_id)
        return Draft(Outcome.ANSWERED, text="Zo kun je autotechnicus worden: ...")

    records = _records(["autotechnicus", "chipontwerper"])  # chips go into cars too
    draft = subject_route(
        "ik zit in 3 kader en wil iets met autos, welke opleiding", records, route
    )
    assert asked == ["autotechnicus"]
    assert draft is not None
    assert draft.text.startswith(texts.SUBJECT_ROLE.format(title="autotechnicus"))


@pytest.mark.parametrize(
    ("question", "found"),
    [
        ("ik wil iets met computers, welke studie moet ik doen", ["softwareontwikkelaar"]),  # no
        ("ik wil iets met autos, wat kan ik worden?", ["autotechnicus"]),  # asks for jobs
        ("welke opleiding heeft de hoogste slagingskans", []),
    ],
)
def test_no_subject_route_without_a_study_asked_or_a_role_named_after_the_subject(question, found):
    from assistant.role_search import subject_route

    assert subject_route(question, _records(found), lambda role_id: pytest.fail(role_id)) is None
