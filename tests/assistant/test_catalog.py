"""Which companies a question names (assistant.catalog.companies_named_in), on the shipped
corpus."""

import pytest

from assistant.catalog import Catalog, companies_named_in
from tests.conftest import SHIPPED_CORPUS


@pytest.fixture(scope="module")
def catalog():
    return Catalog.from_corpus(SHIPPED_CORPUS)


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("kan ik stage lopen bij rijnstroom netwerken", ["rijnstroom-netwerken"]),
        ("ik wil naar rijnstroom", ["rijnstroom-netwerken"]),  # a distinctive word of the name
        ("heeft kielwater een open dag", ["jachtwerf-kielwater"]),
        # an ordinary word that happens to be in a name names no company
        ("wat vond tata steel van de netwerken van scholen en hogescholen", []),
    ],
)
def test_companies_are_named_by_their_name_or_a_distinctive_word(catalog, question, named):
    assert companies_named_in(catalog, question) == named
