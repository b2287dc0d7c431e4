"""`techkompas corpus check`: validate every corpus file and report `file:line: message`.

Checks the schema (unknown/missing fields, bad dates, vocabularies), file name == id, duplicate
ids, cross-references (roles <-> companies, related roles), a route for every level a role claims,
regions (symmetric neighbours, places in one province only), synonyms and Markdown front matter.
Also counts coverage: roles per sector, companies per province, example vs checked profiles.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from assistant.errors import SourceError
from assistant.lexical import fold
from assistant.records import (
    PROVINCES,
    Company,
    DocumentMeta,
    Regions,
    Role,
    SchoolTopics,
    Synonyms,
)
from ingest.load import read_text
from ingest.yamlio import line_of, parse_yaml, validation_problems

MIN_COMPANIES_PER_PROVINCE = 3


@dataclass
class CheckReport:
    problems: list[SourceError] = field(default_factory=list)
    roles: dict[str, tuple[Role, str, Any]] = field(default_factory=dict)
    companies: dict[str, tuple[Company, str, Any]] = field(default_factory=dict)
    invalid_ids: set[str] = field(default_factory=set)  # ids of files with schema problems

    def add(self, path: str, message: str, line: int | None = None) -> None:
        self.problems.append(SourceError(path, message, line))

    def route_gaps(self) -> list[str]:
        """Warnings: roles that no company lists, so their route cannot end at a company."""
        with_companies = {r for c, _, _ in self.companies.values() for r in c.roles}
        return [
            f"{name}: warning: no company lists the role '{role.id}': its route card cannot end "
            "at a company (add the role to a fitting company's roles)"
            for role, name, _ in sorted(self.roles.values(), key=lambda v: v[1])
            if role.id not in with_companies
        ]

    def coverage(self) -> list[str]:
        sectors = Counter(s for role, _, _ in self.roles.values() for s in role.sectors)
        provinces: Counter[str] = Counter(c.province for c, _, _ in self.companies.values())
        examples = sum(1 for c, _, _ in self.companies.values() if c.example)
        return [
            f"roles: {len(self.roles)}; per sector: "
            + ", ".join(f"{k} {v}" for k, v in sorted(sectors.items())),
            f"companies: {len(self.companies)} ({examples} example, "
            f"{len(self.companies) - examples} checked); per province: "
            + ", ".join(f"{p} {provinces.get(p, 0)}" for p in PROVINCES),
        ]


def _read(report: CheckReport, path: Path, name: str) -> str | None:
    """The file's text, or None with the problem reported (a link, not UTF-8, unreadable)."""
    try:
        return read_text(path, name).replace("\r\n", "\n").replace("\r", "\n")
    except SourceError as exc:
        report.problems.append(exc)
    except OSError as exc:
        report.add(name, f"cannot read the file ({exc.strerror or exc})")
    return None


def _load(report: CheckReport, model: type[BaseModel], path: Path, name: str) -> tuple[Any, Any]:
    text = _read(report, path, name)
    if text is None:
        return None, None
    try:
        data, node = parse_yaml(text, name)
    except SourceError as exc:
        report.problems.append(exc)
        return None, None
    if not isinstance(data, dict):
        report.add(name, "expected a YAML mapping (key: value) at the top level", 1)
        return None, None
    try:
        return model.model_validate(data), node
    except ValidationError as exc:
        report.problems.extend(validation_problems(exc, node, name))
        return None, None


def _records(
    report: CheckReport, folder: Path, model: type[BaseModel], store: dict, display: str
) -> None:
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        if path.name.startswith(("_", ".")):
            continue
        name = f"{display}/{path.name}"
        record, node = _load(report, model, path, name)
        if record is None:
            report.invalid_ids.add(path.stem)  # so references to it do not cascade into errors
            continue
        if path.stem != record.id:  # type: ignore[attr-defined]
            report.add(
                name,
                f"id '{record.id}' does not match the file name '{path.stem}'",  # type: ignore[attr-defined]
                line_of(node, ("id",)),
            )
        if record.id in store:  # type: ignore[attr-defined]
            report.add(
                name,
                f"duplicate id '{record.id}' (also in {store[record.id][1]})",  # type: ignore[attr-defined]
                line_of(node, ("id",)),
            )
            continue
        store[record.id] = (record, name, node)  # type: ignore[attr-defined]


def _references(report: CheckReport) -> None:
    roles = set(report.roles) | report.invalid_ids
    companies = set(report.companies) | report.invalid_ids
    for role, name, node in report.roles.values():
        _known(report, name, node, "related_roles", role.related_roles, roles, "role")
        _known(
            report, name, node, "example_companies", role.example_companies, companies, "company"
        )
        routed = {r.level for r in role.routes}
        for i, level in enumerate(role.levels):
            if level not in routed:
                report.add(
                    name,
                    f"level '{level}' has no route: add one under routes or drop the level",
                    line_of(node, ("levels", i)),
                )
    for record, name, node in report.companies.values():
        _known(report, name, node, "roles", record.roles, roles, "role")


def _known(
    report: CheckReport,
    name: str,
    node: Any,
    field: str,
    values: list[str],
    known: set[str],
    kind: str,
) -> None:
    """Report every value of a reference list that names no record of that kind."""
    for i, value in enumerate(values):
        if value not in known:
            report.add(name, f"unknown {kind} '{value}' in {field}", line_of(node, (field, i)))


def _regions(report: CheckReport, path: Path, display: str) -> None:
    if not path.exists():
        report.add(display, "missing: the corpus needs regions.yaml (provinces and places)")
        return
    regions, node = _load(report, Regions, path, display)
    if regions is None:
        return
    seen: dict[str, str] = {}
    names = [p.name for p in regions.provinces]
    for i, province in enumerate(regions.provinces):
        for j, neighbour in enumerate(province.neighbours):
            other = next((p for p in regions.provinces if p.name == neighbour), None)
            if other is None or province.name not in other.neighbours:
                report.add(
                    display,
                    f"{province.name} lists {neighbour} as neighbour but not the other way round",
                    line_of(node, ("provinces", i, "neighbours", j)),
                )
        for j, place in enumerate(province.places):
            key = place.lower()
            if key in seen and seen[key] != province.name:
                report.add(
                    display,
                    f"place '{place}' is in {seen[key]} and {province.name}",
                    line_of(node, ("provinces", i, "places", j)),
                )
            seen[key] = province.name
    for missing in sorted(set(PROVINCES) - set(names)):
        report.add(display, f"province {missing} is missing", 1)


def _markdown(report: CheckReport, root: Path, display: str) -> None:
    for path in sorted(root.rglob("*.md")):
        if path.name.lower() == "readme.md" or path.name.startswith(("_", ".")):
            continue
        name = f"{display}/{path.relative_to(root).as_posix()}"
        text = _read(report, path, name)
        if text is None:
            continue
        match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
        if not match:
            report.add(
                name, "no front matter: start with ---, title, type, sources, checked, ---", 1
            )
            continue
        meta, _ = _load_text(report, DocumentMeta, match.group(1), name)
        if meta is not None and not meta.sources:
            report.add(name, "no sources in the front matter: every fact needs a source", 2)


def _load_text(
    report: CheckReport, model: type[BaseModel], text: str, name: str
) -> tuple[Any, Any]:
    try:
        data, node = parse_yaml(text, name)
        return model.model_validate(data), node
    except SourceError as exc:
        exc.line = (exc.line or 0) + 1
        report.problems.append(SourceError(exc.path, exc.reason, exc.line))
    except ValidationError as exc:
        for problem in validation_problems(exc, node, name):
            report.add(problem.path, problem.reason, (problem.line or 0) + 1)
    return None, None


def check_corpus(root: Path) -> CheckReport:
    report = CheckReport()
    display = root.name
    _records(report, root / "roles", Role, report.roles, f"{display}/roles")
    _records(report, root / "companies", Company, report.companies, f"{display}/companies")
    _references(report)
    provinces: Counter[str] = Counter(c.province for c, _, _ in report.companies.values())
    for province in PROVINCES:
        if report.companies and provinces.get(province, 0) < MIN_COMPANIES_PER_PROVINCE:
            report.add(
                f"{display}/companies",
                f"{province} has {provinces.get(province, 0)} companies; "
                f"at least {MIN_COMPANIES_PER_PROVINCE} are needed",
            )
    _regions(report, root / "regions.yaml", f"{display}/regions.yaml")
    if (root / "synonyms.yaml").exists():
        _load(report, Synonyms, root / "synonyms.yaml", f"{display}/synonyms.yaml")
    if (root / "profiles" / "onderwerpen.yaml").exists():
        _topics(report, root, display)
    _markdown(report, root, display)
    return report


def _topics(report: CheckReport, root: Path, display: str) -> None:
    """Every topic points at a heading that exists, and its subjects are in that section."""
    name = f"{display}/profiles/onderwerpen.yaml"
    topics, node = _load(report, SchoolTopics, root / "profiles" / "onderwerpen.yaml", name)
    for i, topic in enumerate(topics.topics if topics else []):
        path = root / topic.source.split("/", 1)[-1]
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        parts = re.split(rf"^## {re.escape(topic.section)}[ \t]*$", text, maxsplit=1, flags=re.M)
        if len(parts) < 2:
            where = "no such file" if not text else f"no heading '## {topic.section}'"
            report.add(name, f"{topic.id}: {topic.source}: {where}", line_of(node, ("topics", i)))
            continue
        body = fold(re.sub(r"\*\*|__", "", parts[1].split("\n## ", 1)[0]))
        named = [*topic.required, *topic.choice, *sum(topic.required_by_level.values(), [])]
        named += [topic.mbo] if topic.mbo else []
        for subject in named:
            if fold(subject) not in body:
                report.add(
                    name,
                    f"{topic.id}: '{subject}' is not in the section '{topic.section}' of "
                    f"{topic.source}: write it there, or correct the subject",
                    line_of(node, ("topics", i)),
                )
