"""'wat is het verschil tussen een data-analist en een data scientist?': two roles side by side,
each with its record's summary (what you do in it), cited to that record. Before, the passages
answered and the best sentences were often the route of one of the two."""

from __future__ import annotations

from assistant.answer import Outcome
from assistant.catalog import Catalog
from assistant.comparison import compared_terms
from assistant.drafts import Draft, Records
from assistant.intents import fuzzy_roles
from assistant.lexical import fold


def compared_roles(question: str, catalog: Catalog) -> tuple[str, str] | None:
    """The two roles a question compares (role ids, in the question's order), or None when it
    compares no two roles ("verschil tussen mbo en hbo", "data-analist of iets anders")."""
    terms = compared_terms(question)
    if terms is None:
        return None
    found = [
        catalog.roles_named_in(term)[:1] or fuzzy_roles(fold(term), catalog)[:1] for term in terms
    ]
    if not all(found) or found[0][0] == found[1][0]:
        return None
    return found[0][0], found[1][0]


def role_comparison(question: str, records: Records) -> Draft | None:
    """Both roles' summaries, one paragraph each; None for a question comparing no two roles."""
    roles = compared_roles(question, records.catalog)
    if roles is None:
        return None
    draft = Draft(Outcome.ANSWERED)
    paragraphs = []
    for role_id in roles:
        mark = draft.cite(records.chunk(role_id, 0))
        summary = " ".join(records.catalog.roles[role_id].summary.split())
        paragraphs.append(f"{summary}{mark}")
    draft.text = "\n\n".join(paragraphs)
    return draft
