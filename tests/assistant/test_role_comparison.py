"""Which two roles a question compares (assistant.role_comparison), over the shipped catalog."""

import pytest

from assistant.catalog import Catalog
from assistant.role_comparison import compared_roles
from tests.conftest import SHIPPED_CORPUS


@pytest.fixture(scope="module")
def catalog():
    return Catalog.from_corpus(SHIPPED_CORPUS)


@pytest.mark.parametrize(
    ("question", "roles"),
    [
        (
            "wat is nou het verschil tussen een data analist en een data scientist",
            ("data-analist", "data-scientist"),
        ),
        ("lasser of timmerman, wat is beter", ("lasser", "timmerman")),
        (
            "verschil tussen een elektricien en een elektronicus?",
            ("elektrotechnisch-installateur", "elektronicus"),
        ),
        (  # a follow-up condensed by the rule: what the earlier question asked about
            "en wat is het verschil met een data scientist? (wat doet een data-analist)",
            ("data-analist", "data-scientist"),
        ),
    ],
)
def test_a_question_comparing_two_roles_names_both(question, roles, catalog):
    assert compared_roles(question, catalog) == roles


@pytest.mark.parametrize(
    "question",
    [
        "wat is het verschil tussen mbo en hbo",  # school kinds, not roles
        "wat doet een data-analist",  # no comparison
        "verschil tussen een lasser en iets anders",  # one role
        "lasser of lasser",
    ],
)
def test_a_question_comparing_no_two_roles_names_none(question, catalog):
    assert compared_roles(question, catalog) is None
