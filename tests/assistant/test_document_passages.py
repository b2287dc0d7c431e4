"""Questions the profile guides seem to be about can be answered from a school's own documents
(assistant.pipeline.DOCUMENT_TYPES)."""

import shutil

from assistant.answer import Outcome
from assistant.wiring import open_assistant
from ingest.indexer import index_paths
from tests.conftest import SHIPPED_CORPUS


def test_a_profile_question_is_answered_from_a_schools_own_document(settings, corpus):
    """'natuurkunde' makes it a profile question; the answer is in the school's own guide, a
    plain document, which must not be filtered out for the profile guide beside it."""
    (corpus / "profiles").mkdir()
    shutil.copy(SHIPPED_CORPUS / "profiles" / "havo-vwo-profielen.md", corpus / "profiles")
    (corpus / "schoolgids.md").write_text(
        "# Onze school\n\nEen hybride docent werkt twee dagen bij een bedrijf en geeft de "
        "rest van de week les op school.\n",
        encoding="utf-8",
    )
    ours = settings.model_copy(update={"corpus_dir": corpus, "llm": "extractive"})
    assert not index_paths(ours, [corpus]).failed
    answer = open_assistant(ours).ask(
        "wat is een hybride docent? hoorde het van mijn natuurkunde leraar"
    )
    assert answer.outcome is Outcome.ANSWERED
    assert "twee dagen bij een bedrijf" in answer.text
    assert any(h.source.endswith("schoolgids.md") for h in answer.hits)


def test_a_role_no_record_describes_is_answered_from_documents_not_other_roles(settings, corpus):
    """'de opleiding tot verpleegkundige': no role record is about it, so the procesoperator's
    record (which shares 'opleiding' and 'duurt') goes after the school's own document."""
    (corpus / "schoolgids.md").write_text(
        "# Zorg en techniek\n\nDe opleiding tot verpleegkundige duurt op het hbo vier jaar.\n",
        encoding="utf-8",
    )
    ours = settings.model_copy(update={"corpus_dir": corpus, "llm": "extractive"})
    assert not index_paths(ours, [corpus]).failed
    answer = open_assistant(ours).ask("hoe lang duurt de opleiding tot verpleegkundige")
    assert answer.outcome is Outcome.ANSWERED
    assert answer.text.startswith("De opleiding tot verpleegkundige duurt op het hbo vier jaar.")
    assert "procesoperator" not in answer.text.lower()
