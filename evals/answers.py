"""Answer metrics for one item: key-fact recall, forbidden claims, refusal, citations, language,
length and gendered wording. All offline and deterministic."""

from __future__ import annotations

import re
from typing import Any

from assistant.answer import Outcome
from assistant.language import is_dutch
from evals.gold import GoldItem

CITATION = re.compile(r"\[(\d+)\]")
# "hij"/"hem" for a person in a role ("de monteur ... hij"); "zijn" is left out: it is also the
# verb "to be". "hij of zij" and "hij/zij" are neutral enough.
GENDERED = re.compile(r"\b(hij|hem)\b(?!\s*(of|/)\s*(zij|haar))", re.I)


def score_answer(
    item: GoldItem, answer: str, outcome: Outcome, passages: list[str]
) -> dict[str, Any]:
    """Metrics for one answer as the pupil sees it; `passages` are the texts that were given,
    numbered from 1."""
    refused = outcome is Outcome.REFUSED
    found = [bool(re.search(p, answer, re.I)) for p in item.key_facts]
    violations = [p for p in item.must_not if re.search(p, answer, re.I)]
    cited = [int(n) for n in CITATION.findall(answer)]
    valid = [1 <= n <= len(passages) for n in cited]
    supported = []
    for pattern, hit in zip(item.key_facts, found, strict=True):
        if hit and cited and outcome is not Outcome.NOT_IN_SOURCES:
            supported.append(
                any(
                    re.search(pattern, passages[n - 1], re.I)
                    for n in set(cited)
                    if 1 <= n <= len(passages)
                )
            )
    return {
        "key_fact_recall": sum(found) / len(found) if found else None,
        "missing_facts": [p for p, ok in zip(item.key_facts, found, strict=True) if not ok],
        "violations": violations,
        "refused": refused,
        "refusal_correct": refused == item.must_refuse,
        "citations": len(cited),
        "citation_validity": sum(valid) / len(valid) if valid else None,
        "citation_support": sum(supported) / len(supported) if supported else None,
        "dutch": is_dutch(answer),
        "words": len(answer.split()),
        "gendered": bool(GENDERED.search(answer)),
    }
