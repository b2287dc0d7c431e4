"""The real embedding model and the shipped synonyms/regions on the small fixture corpus."""

import pytest

from assistant.settings import load_settings
from evals.prepare import indexed_assistant
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    settings = load_settings(
        index_dir=tmp_path_factory.mktemp("rr") / "index",
        embedding_model="e5-small",
        chunk_size=400,
        chunk_overlap=80,
    )
    return indexed_assistant(settings, [FIXTURES / "corpus"])


@pytest.mark.parametrize(
    ("question", "source"),
    [
        (
            "Heb ik wisB en schei nodig voor Chemische Technologie?",
            "roles/procesoperator.yaml",
        ),  # abbreviations
        (
            "ik woon in Appingedam, waar kan ik op bedrijfsbezoek?",
            "companies/zoutwerk-delfzijl.yaml",
        ),  # town
        ("wat doet een prosesoperater in de fabriek", "roles/procesoperator.yaml"),  # misspelled
        ("wat is jetnet eigenlijk", "programmes/jet-net.md"),  # pupil spelling
    ],
)
def test_question_finds_its_passage(assistant, question, source):
    found = assistant.search(question, 3)
    assert found.hits[0].source.endswith(source), [h.source for h in found.hits]
    assert found.stages[:3] == ["query", "dense", "bm25"]


def test_town_question_is_answered_with_a_company_card(assistant):
    answer = assistant.ask("ik woon in Appingedam, waar kan ik op bedrijfsbezoek?")
    assert [m.company.id for m in answer.companies][:1] == ["dollardzout-chemie"] or any(
        m.company.province == "Groningen" for m in answer.companies
    )
    assert all(
        m.company.province in ("Groningen", "Friesland", "Drenthe") for m in answer.companies
    )
