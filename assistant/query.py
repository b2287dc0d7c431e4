"""Query understanding: abbreviations and pupil words (synonyms.yaml), a town or province
(regions.yaml), the school level, company intent, and repair of misspelled words."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.lexical import fold, words

LEVEL_WORDS = {
    "vmbo": "vmbo",
    "mavo": "vmbo",
    "havo": "havo",
    "vwo": "vwo",
    "gymnasium": "vwo",
    "atheneum": "vwo",
    "vmbo-t": "vmbo",
    "vmbo-tl": "vmbo",
    "vmbo-kb": "vmbo",
    "vmbo-bb": "vmbo",
}
PROVINCE_ALIASES = {"brabant": "Noord-Brabant", "fryslan": "Friesland", "friesland": "Friesland"}
NEAR_ME = re.compile(
    r"bij mij in de buurt|in (de|mijn) (buurt|regio|omgeving)|dichtbij|in de buurt"
)
PLACE_CONTEXT = r"(?:in|uit|bij|rond|rondom|naar|omgeving|regio|buurt van|vlakbij|dichtbij)\s+"
COMPANY_INTENT = re.compile(
    r"\b(bedrijf|bedrijven|werkgever|fabriek|stage|stageplek|bezoek|bezoeken|bedrijfsbezoek|"
    r"meelopen|meeloopdag|snuffelstage|gastles|werken bij|open dag)\b"
)


@dataclass
class QueryInfo:
    question: str
    expanded: str  # question plus canonical terms and repaired words
    province: str | None = None
    province_from: str = ""  # "place", "province", "choice" (the pupil's chosen region)
    place: str = ""  # the town the province came from, as regions.yaml spells it
    level: str | None = None
    company_intent: bool = False
    expansions: list[str] = field(default_factory=list)
    corrections: dict[str, str] = field(default_factory=dict)
    unheard: list[str] = field(default_factory=list)  # words no source, place or synonym has


class QueryAnalyzer:
    def __init__(
        self,
        synonyms: list[tuple[str, list[str]]],
        places: dict[str, str],
        provinces: list[str],
        neighbours: dict[str, list[str]],
    ) -> None:
        self.neighbours = neighbours
        self.provinces = provinces
        self._synonyms = []
        self._variants = [fold(v) for _, variants in synonyms for v in variants]
        self._term_of = {fold(v): term for term, variants in synonyms for v in variants}
        for term, variants in synonyms:
            for variant in variants:
                if len(variant) <= 2 and variant.islower():
                    continue  # "na", "sk": ordinary Dutch words too often
                flags = 0 if len(variant) <= 3 else re.I
                text = variant if len(variant) <= 3 else fold(variant)
                pattern = re.compile(rf"(?<![\w&]){re.escape(text)}(?![\w&])", flags)
                self._synonyms.append((pattern, term, len(variant) > 3))
        self._places = sorted(
            ((fold(p), prov, p) for p, prov in places.items()), key=lambda x: -len(x[0])
        )
        self._vocabulary: set[str] = set()
        self._known: frozenset[str] = frozenset()
        self._sorted_vocabulary: list[str] = []

    @classmethod
    def from_corpus(cls, corpus_dir: Path) -> QueryAnalyzer:
        syn = _read_yaml(corpus_dir / "synonyms.yaml").get("synonyms", [])
        regions = _read_yaml(corpus_dir / "regions.yaml").get("provinces", [])
        places = {place: p["name"] for p in regions for place in p.get("places", [])}
        return cls(
            [(s["term"], s["variants"]) for s in syn],
            places,
            [p["name"] for p in regions],
            {p["name"]: p.get("neighbours", []) for p in regions},
        )

    def province_of(self, name: str) -> str | None:
        """The province of a town or province name as a pupil types it ("zwole" -> Overijssel,
        "brabant" -> Noord-Brabant); None when it is not in regions.yaml."""
        folded = " ".join(fold(name).replace("-", " ").split())
        for province in self.provinces:
            if folded == fold(province).replace("-", " "):
                return province
        if folded in PROVINCE_ALIASES:
            return PROVINCE_ALIASES[folded]
        towns = {place.replace("-", " "): province for place, province, _ in self._places}
        if folded in towns:
            return towns[folded]
        close = difflib.get_close_matches(folded, list(towns), n=1, cutoff=0.85)
        return towns[close[0]] if close else None

    def known_words(self) -> frozenset[str]:
        """Folded words of towns, provinces and the synonym table (terms and variants): names a
        question may use that no passage needs to mention."""
        names = [p for p, _, _ in self._places] + [fold(p) for p in self.provinces]
        names += [fold(term) for _, term, _ in self._synonyms] + self._variants
        return frozenset(w for name in names for w in re.findall(r"[a-z0-9]+", name))

    def set_vocabulary(self, stemmed_terms: set[str]) -> None:
        self._vocabulary = stemmed_terms
        self._sorted_vocabulary = sorted(stemmed_terms)  # fixed order: reproducible repairs

    def analyze(
        self, question: str, *, region: str | None = None, level: str | None = None
    ) -> QueryInfo:
        folded = fold(question)
        info = QueryInfo(question, question, level=level)
        info.expansions = self._expansions(question, folded)
        info.province, info.province_from, info.place = self._province(folded)
        if (
            info.province is None
            and region
            and (NEAR_ME.search(folded) or COMPANY_INTENT.search(folded))
        ):
            info.province, info.province_from = region, "choice"
        if info.level is None:
            found = [LEVEL_WORDS[w] for w in re.findall(r"[a-z-]+", folded) if w in LEVEL_WORDS]
            info.level = found[0] if len(set(found)) == 1 else None
        info.company_intent = bool(COMPANY_INTENT.search(folded))
        info.corrections = self._repair(question)
        info.unheard = self._unheard(question, info.corrections)
        extra = info.expansions + list(info.corrections.values())
        info.expanded = f"{question} ({', '.join(extra)})" if extra else question
        return info

    def _expansions(self, question: str, folded: str) -> list[str]:
        """The terms of the variants in the question, and the term a found term is itself a
        variant of, as a whole ("uni" -> universiteit -> wo): one step, so no chain runs off."""
        found: list[str] = []
        for pattern, term, use_folded in self._synonyms:
            if pattern.search(folded if use_folded else question) and not _says(folded, term):
                found.append(term)
        found = list(dict.fromkeys(found))
        further = [self._term_of.get(fold(term)) for term in found]
        return list(dict.fromkeys([*found, *(t for t in further if t and not _says(folded, t))]))

    def _province(self, folded: str) -> tuple[str | None, str, str]:
        """(province, where it came from, the town) named in the question."""
        for name in self.provinces:
            if re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", folded):
                return name, "province", ""
        for alias, name in PROVINCE_ALIASES.items():
            if re.search(rf"(?<!\w){alias}(?!\w)", folded):
                return name, "province", ""
        for place, province, spelled in self._places:
            if re.search(rf"{PLACE_CONTEXT}{re.escape(place)}(?![\w-])", folded):
                return province, "place", spelled
        return None, "", ""

    def _repair(self, question: str) -> dict[str, str]:
        """Misspelled words (not in the index vocabulary) -> the closest indexed word."""
        if not self._vocabulary:
            return {}
        from assistant.lexical import tokenize

        fixes = {}
        for word in words(question):
            if len(word) < 5 or word.isdigit():
                continue
            stem = tokenize(word)
            if not stem or stem[0] in self._vocabulary:
                continue
            pool = [
                t
                for t in self._sorted_vocabulary
                if t[:1] == word[:1] and abs(len(t) - len(stem[0])) <= 3
            ]
            match = difflib.get_close_matches(stem[0], pool, n=1, cutoff=0.8)
            if match:
                fixes[word] = match[0]
        return fixes

    def _unheard(self, question: str, corrections: dict[str, str]) -> list[str]:
        """Words of three letters or more that no indexed passage, place or synonym uses, nor
        any part of four letters or more ("asml", "vinci"; not "chipmachines"): a name the
        sources do not know, or a word they never use. Empty without a vocabulary; with a
        tiny one ordinary words are unheard too (an index always holds the shipped corpus)."""
        if not self._vocabulary:
            return []
        from assistant.lexical import tokenize

        known = self._known = self._known or self.known_words()
        found = []
        for word in words(question):
            stem = tokenize(word)
            if len(word) < 3 or not word.isalpha() or word in corrections or word in known:
                continue
            if not stem or stem[0] in self._vocabulary:
                continue
            parts = {word[i:j] for i in range(len(word)) for j in range(i + 4, len(word) + 1)}
            if not parts & self._vocabulary:
                found.append(word)
        return found


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _says(folded: str, term: str) -> bool:
    """The question already holds `term` as a word of its own ("nacht" is not in "snachts")."""
    return bool(re.search(rf"(?<!\w){re.escape(fold(term))}(?!\w)", folded))
