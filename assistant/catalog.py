"""The corpus records in memory: roles and companies by id, with the source path each came from
(the same `source` the index stores, so an answer can cite the record's chunks). Loaded once by
`open_assistant`; used by company matching, routes, structured answers and the quiz."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.lexical import fold, tokenize
from assistant.records import Company, Role, SchoolTopics
from assistant.topics import load_topics

log = logging.getLogger(__name__)
# words for a whole field, never for one role, though they share a stem with a role's title
# ("Platform Talent voor Technologie" is not about a chemisch technoloog)
_FIELD_WORDS = frozenset({"technologie", "technologieen", "technologisch", "technologische"})


@dataclass
class Catalog:
    roles: dict[str, Role] = field(default_factory=dict)
    companies: dict[str, Company] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # record id -> "corpus/roles/x.yaml"
    topics: SchoolTopics = field(default_factory=lambda: SchoolTopics(year=2025, topics=[]))

    @classmethod
    def from_corpus(cls, corpus_dir: Path) -> Catalog:
        catalog = cls()
        for folder, model, target in (
            ("roles", Role, catalog.roles),
            ("companies", Company, catalog.companies),
        ):
            for path, record in _records(corpus_dir / folder, model):
                target[record.id] = record
                catalog.sources[record.id] = f"{corpus_dir.name}/{folder}/{path.name}"
        catalog.topics = load_topics(corpus_dir)
        return catalog

    def role_names(self) -> dict[str, list[str]]:
        """role id -> the folded names a pupil may use for it (title and aliases)."""
        return {
            r.id: [fold(n) for n in [r.title, *r.aliases] if len(n) >= 4]
            for r in self.roles.values()
        }

    def _distinctive(self, stem: str) -> bool:
        """A title word only one role has ("werktuigbouwkund", not "technicus")."""
        return sum(stem in stems for stems in _title_stems(self)) == 1

    def roles_named_in(self, text: str) -> list[str]:
        """Roles whose title or an alias occurs in `text`, longest name first (so
        "mechatronica engineer" wins over "engineer")."""
        folded = fold(text)
        plain = re.findall(r"[a-z0-9]+", folded)  # "technologie)" is "technologie" too
        stems = set(tokenize(" ".join(w for w in plain if w not in _FIELD_WORDS)))
        found: list[tuple[int, str]] = []
        for role_id, names in self.role_names().items():
            hits = [len(n) for n in names if re.search(rf"(?<!\w){re.escape(n)}", folded)]
            key = max(tokenize(self.roles[role_id].title), key=len, default="")
            if not hits and len(key) >= 9 and key in stems and self._distinctive(key):
                hits = [len(key)]  # "werktuigbouwkunde" -> werktuigbouwkundig ingenieur
            if hits:
                found.append((max(hits), role_id))
        return [role_id for _, role_id in sorted(found, key=lambda f: (-f[0], f[1]))]


def _title_stems(catalog: Catalog) -> list[set[str]]:
    return [set(tokenize(r.title)) for r in catalog.roles.values()]


def companies_named_in(catalog: Catalog, text: str) -> list[str]:
    """Companies named in `text`: by their whole name, or by a word of the name (6 letters or
    more) that no other company name has, that is not a town or a role word, and that no other
    record uses as an ordinary word ("Greidhoeke", "Kielwater"; not "netwerken")."""
    folded = fold(text)
    companies = catalog.companies.values()
    words = {c.id: _long_words(c.name) for c in companies}
    about = {c.id: _long_words(c.about) for c in companies}
    in_names = Counter(w for ws in words.values() for w in ws)  # how many names hold a word
    in_about = Counter(w for ws in about.values() for w in ws)
    towns = {fold(c.city) for c in companies}
    towns |= {w for names in catalog.role_names().values() for n in names for w in n.split()}
    said = _long_words(" ".join(f"{r.summary} {' '.join(r.tasks)}" for r in catalog.roles.values()))
    found = []
    for company in companies:
        own = about[company.id]
        distinctive = {
            w
            for w in words[company.id] - towns - said
            if in_names[w] == 1 and in_about[w] == (1 if w in own else 0)
        }
        if fold(company.name) in folded or any(
            re.search(rf"\b{re.escape(w)}\b", folded) for w in distinctive
        ):
            found.append(company.id)
    return found


def _long_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{6,}", fold(text)))


def _records(folder: Path, model: type[Any]) -> list[tuple[Path, Any]]:
    records = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if path.name.startswith(("_", ".")):
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            records.append((path, model.model_validate(data)))
        except (ValidationError, yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
            log.warning("Skipped %s: %s (run 'techkompas corpus check')", path, exc)
    return records
