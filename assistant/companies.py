"""Company matching: a structured step, not only similarity.

From the roles and sectors a question is about (named in the question, or found by retrieval) and
the pupil's province, rank companies: same province first, then neighbouring provinces; within a
tier by how well their roles and sectors fit, the question's own words in what a company does
("robots": the robotics company before the machine builder), and whether they offer what the
pupil asked for.
Each match carries a short Dutch reason for the UI card."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from assistant.catalog import Catalog
from assistant.lexical import fold, tokenize
from assistant.records import OFFERS, Company
from assistant.types import Hit

log = logging.getLogger(__name__)
OFFER_WORDS = {
    "bedrijfsbezoek": r"bezoek|bedrijfsbezoek|kijken",
    "gastles": r"gastles",
    "meeloopdag": r"meelopen|meeloop|snuffel",
    "stage_mbo": r"stage",
    "stage_hbo": r"stage",
    "profielwerkstuk": r"profielwerkstuk|pws",
    "open_dag": r"open dag",
}


WORDS = 2.0  # what the question's words in a company's own text count (a rare word: up to 2)
RARE = 0.5  # a word at most about √n of the n companies use: the pupil names what they do


def _words_of(company: Company) -> set[str]:
    """The words a company's record uses about itself (what it does, its sectors)."""
    return set(tokenize(f"{company.about} {' '.join(company.sectors)}"))


@dataclass(frozen=True)
class CompanyMatch:
    company: Company
    reason: str
    tier: int  # 0 same province, 1 neighbouring province, 2 elsewhere / no province given
    score: float

    def as_json(self) -> dict[str, Any]:
        c = self.company
        return {
            "id": c.id,
            "name": c.name,
            "city": c.city,
            "province": c.province,
            "example": c.example,
            "reason": self.reason,
            "offers": list(c.offers),
        }


class CompanyDirectory:
    def __init__(self, catalog: Catalog, neighbours: dict[str, list[str]]) -> None:
        self.catalog = catalog
        self.companies = list(catalog.companies.values())
        self.roles = catalog.roles
        self.neighbours = neighbours
        places = set(tokenize(" ".join(f"{c.city} {c.province}" for c in self.companies)))
        self._words = {c.id: _words_of(c) - places for c in self.companies}  # towns: `town`
        counts = Counter(w for words in self._words.values() for w in words)
        scale = math.log(max(len(self.companies), 2))  # a rare word says more ("robot"): 0..1
        self._weight = {w: math.log(len(self.companies) / df) / scale for w, df in counts.items()}

    def roles_in(self, question: str) -> set[str]:
        return set(self.catalog.roles_named_in(question))

    def match(
        self,
        question: str,
        hits: list[Hit],
        province: str | None,
        *,
        company_intent: bool,
        k: int = 3,
        topic: set[str] | None = None,
        town: str = "",
    ) -> list[CompanyMatch]:
        """Companies for the question; with `topic` (role ids the question is about) only
        companies that have one of those roles or their sectors. Within a province, companies
        in the pupil's own `town` come first."""
        roles = self.roles_in(question) | (topic or set())
        if hits and hits[0].doc_type == "role" and not topic:  # the question is about that role
            roles.add(hits[0].record_id)
        roles.discard("")
        sectors = {s for r in roles if r in self.roles for s in self.roles[r].sectors}
        retrieved = {h.record_id for h in hits if h.doc_type == "company"}
        wanted = {o for o, pattern in OFFER_WORDS.items() if re.search(pattern, fold(question))}
        if not roles and not company_intent:
            return []
        asked = set(tokenize(question))
        ranked = []
        for company in self.companies:
            fit_roles = roles & set(company.roles)
            score = 3.0 * len(fit_roles) + 1.0 * len(sectors & set(company.sectors))
            score += 2.0 if company.id in retrieved else 0.0
            score += 1.0 * len(wanted & set(company.offers))
            if score == 0 and not (company_intent and province and not roles):
                continue
            topical = sum(self._weight[w] for w in asked & self._words[company.id])
            score += WORDS * topical
            if topic and not (fit_roles or sectors & set(company.sectors)):
                continue
            if wanted and not wanted & set(company.offers):
                continue  # asked for a guest lesson: only companies that give one
            tier = self._tier(company.province, province)
            if province and tier == 2:
                continue
            reason = self._reason(company, fit_roles, wanted)
            doing = topical >= RARE or bool(topic and fit_roles)  # what the pupil names
            ranked.append((CompanyMatch(company, reason, tier, score), doing))
        here = fold(town)  # the own town first, after the companies doing what the pupil names
        ranked.sort(
            key=lambda r: (
                r[0].tier,
                not r[1],
                fold(r[0].company.city) != here,
                -r[0].score,
                r[0].company.name,
            )
        )
        return [match for match, _ in ranked[:k]]

    def described(self, ids: list[str], wanted: set[str]) -> list[CompanyMatch]:
        """The companies an answer is about (by id), as the panel beside it shows them."""
        companies = [self.catalog.companies[i] for i in ids if i in self.catalog.companies]
        return [CompanyMatch(c, self._reason(c, set(), wanted), 2, 0.0) for c in companies]

    def _tier(self, company_province: str, province: str | None) -> int:
        if not province:
            return 2
        if company_province == province:
            return 0
        return 1 if company_province in self.neighbours.get(province, []) else 2

    def _reason(self, company: Company, fit_roles: set[str], wanted: set[str]) -> str:
        about = company.about.split(". ")[0].rstrip(".")
        what = (
            about[0].lower() + about[1:]
            if about[:1].isupper() and not about.startswith(company.name)
            else about
        )
        offers = [OFFERS[o] for o in company.offers if not wanted or o in wanted] or [
            OFFERS[o] for o in company.offers
        ]
        parts = [what]
        if fit_roles:
            titles = ", ".join(
                self.roles[r].title.lower() for r in sorted(fit_roles) if r in self.roles
            )
            parts.append(f"werkt met {titles}")
        if offers:
            parts.append(f"je kunt er terecht voor: {', '.join(offers[:3])}")
        return "; ".join(parts)
