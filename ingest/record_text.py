"""Structured YAML records (roles, companies) rendered as readable Dutch sections."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.errors import SourceError
from assistant.records import OFFERS, Company, Role
from ingest.documents import Section, SourceDocument
from ingest.yamlio import load_model, parse_yaml

EDUCATION_NAMES = {
    "mbo-1": "mbo niveau 1",
    "mbo-2": "mbo niveau 2",
    "mbo-3": "mbo niveau 3",
    "mbo-4": "mbo niveau 4",
    "hbo": "hbo",
    "wo": "universiteit (wo)",
}


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
    also = f" (ook: {', '.join(role.aliases)})" if role.aliases else ""
    what = [f"{role.title}{also}. Sector: {', '.join(role.sectors)}.", role.summary, "Taken:"]
    what += [f"- {task}" for task in role.tasks]
    routes = []
    for r in role.routes:
        subjects = (
            f" Vakken die je nodig hebt: {', '.join(r.required_subjects)}."
            if r.required_subjects
            else ""
        )
        note = f" {r.note}" if r.note else ""
        routes.append(
            f"- Vanuit {r.level} ({r.school_profile}): {r.programme}, "
            f"{EDUCATION_NAMES[r.education]}.{subjects}{note}"
        )
    sections = [
        Section("\n".join(what), f"Wat doet een {role.title.lower()}?"),
        Section(
            f"Opleiding en profiel voor {role.title.lower()} (vanuit {', '.join(role.levels)}):\n"
            + "\n".join(routes),
            f"Welke opleiding heb je nodig om {role.title.lower()} te worden?",
        ),
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
    offers = ", ".join(OFFERS[o] for o in company.offers) or "geen activiteiten bekend"
    text = (
        f"{company.name}{label} in {company.city} ({company.province}). "
        f"Sector: {', '.join(company.sectors)}.\n{company.about}\n"
        f"Wat je er kunt doen: {offers}.\n"
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
