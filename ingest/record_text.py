"""Structured YAML records (roles, companies) rendered as readable Dutch sections."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant import texts
from assistant.errors import SourceError
from assistant.phrasing import join_words, route_sentences
from assistant.records import OFFERS, Company, Role
from ingest.documents import Section, SourceDocument
from ingest.yamlio import load_model, parse_yaml


def record_kind(data: Any, path: Path) -> str:
    if path.parent.name == "roles" or (isinstance(data, dict) and "routes" in data):
        return "role"
    if path.parent.name == "companies" or (isinstance(data, dict) and "province" in data):
        return "company"
    raise SourceError(
        str(path),
        "unknown YAML record: expected a role (with 'routes') or a company "
        "(with 'province'); see corpus/README.md",
        1,
    )


def load_record(path: Path, source: str) -> SourceDocument:
    text = path.read_text(encoding="utf-8")
    data, _ = parse_yaml(text, source)
    if record_kind(data, path) == "role":
        role, _ = load_model(Role, text, source)
        return role_document(role, source)
    company, _ = load_model(Company, text, source)
    return company_document(company, source)


def role_document(role: Role, source: str) -> SourceDocument:
    """Two sections in plain Dutch (the same sentences structured answers use): what you do,
    and how you get there. Alias names and sectors come last, for search."""
    title = role.title.lower()
    what = [
        role.summary,
        texts.ROLE_TASKS_INTRO.format(title=title),
        *[f"- {task}" for task in role.tasks],
        f"Andere namen: {', '.join(role.aliases)}." if role.aliases else "",
        f"Sector: {', '.join(role.sectors)}.",
    ]
    routes = [texts.ROLE_ROUTES_INTRO.format(title=title)]
    routes += [f"- {' '.join(route_sentences(r))}" for r in role.routes]
    sections = [
        Section("\n".join(line for line in what if line), f"Wat doet een {title}?"),
        Section("\n".join(routes), f"Welke opleiding heb je nodig om {title} te worden?"),
    ]
    return SourceDocument(
        source=source,
        title=role.title,
        doc_type="role",
        sections=sections,
        metadata={
            "levels": list(role.levels),
            "sectors": list(role.sectors),
            "record_id": role.id,
            "date": role.checked.isoformat(),
        },
    )


def company_document(company: Company, source: str) -> SourceDocument:
    label = " (voorbeeldprofiel)" if company.example else ""
    offers = join_words([OFFERS[o] for o in company.offers]) or "geen activiteiten bekend"
    text = (
        f"{company.name}{label} in {company.city} ({company.province}). "
        f"Sector: {', '.join(company.sectors)}.\n{' '.join(company.about.split())}\n"
        f"{texts.COMPANY_OFFERS.format(offers=offers)}\n"
        f"Beroepen: {', '.join(r.replace('-', ' ') for r in company.roles)}."
    )
    return SourceDocument(
        source=source,
        title=company.name,
        doc_type="company",
        sections=[Section(text, f"Bedrijf in {company.city}, {company.province}")],
        metadata={
            "province": company.province,
            "city": company.city,
            "sectors": list(company.sectors),
            "record_id": company.id,
            "example": company.example,
            "date": company.checked.isoformat(),
        },
    )
