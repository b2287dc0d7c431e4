"""The corpus schema: structured records for roles, companies, regions and synonyms.

Pydantic models are the single definition; `techkompas corpus check` and the YAML loader both
use them. Unknown fields are errors so a typo never silently drops information.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

OFFERS = {
    "bedrijfsbezoek": "bedrijfsbezoek",
    "gastles": "gastles",
    "meeloopdag": "meeloopdag",
    "stage_mbo": "stage (mbo)",
    "stage_hbo": "stage (hbo)",
    "profielwerkstuk": "hulp bij je profielwerkstuk",
    "open_dag": "open dag",
}

Sector = Literal[
    "installatie",
    "energie",
    "onderhoud",
    "procesindustrie",
    "chemie",
    "voeding",
    "bouw",
    "infra",
    "mobiliteit",
    "maritiem",
    "ict",
    "data",
    "elektronica",
    "agrifood",
    "zorgtechniek",
    "design",
    "maakindustrie",
]
Province = Literal[
    "Groningen",
    "Friesland",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
]
SECTORS: tuple[str, ...] = get_args(Sector)
PROVINCES: tuple[str, ...] = get_args(Province)
Level = Literal["vmbo", "havo", "vwo"]
Education = Literal["mbo-1", "mbo-2", "mbo-3", "mbo-4", "hbo", "wo"]
Interest = Literal["R", "I", "A", "S", "E", "C"]
Offer = Literal[
    "bedrijfsbezoek",
    "gastles",
    "meeloopdag",
    "stage_mbo",
    "stage_hbo",
    "profielwerkstuk",
    "open_dag",
]
RecordId = str


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class SourceRef(_Strict):
    title: str = Field(min_length=3)
    publisher: str = Field(min_length=2)
    year: int = Field(ge=1990, le=2100)
    url: HttpUrl | None = None


class Route(_Strict):
    level: Level
    school_profile: str = Field(min_length=2)
    programme: str = Field(min_length=2)
    education: Education
    required_subjects: list[str] = []
    note: str | None = None


class Role(_Strict):
    id: RecordId = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=3)
    aliases: list[str] = []
    sectors: list[Sector] = Field(min_length=1)
    summary: str = Field(min_length=40)
    tasks: list[str] = Field(min_length=2)
    interests: list[Interest] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    routes: list[Route] = Field(min_length=1)
    related_roles: list[RecordId] = []
    example_companies: list[RecordId] = []
    sources: list[SourceRef] = Field(min_length=1)
    checked: dt.date


class Company(_Strict):
    id: RecordId = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str = Field(min_length=2)
    province: Province
    city: str = Field(min_length=2)
    sectors: list[Sector] = Field(min_length=1)
    about: str = Field(min_length=30)
    roles: list[RecordId] = Field(min_length=1)
    offers: list[Offer] = []
    website: HttpUrl | None = None
    sources: list[SourceRef] = Field(min_length=1)
    checked: dt.date
    example: bool


class ProvinceInfo(_Strict):
    name: Province
    neighbours: list[Province]
    places: list[str] = Field(min_length=1)


class Regions(_Strict):
    provinces: list[ProvinceInfo]


class Synonym(_Strict):
    term: str = Field(min_length=1)
    variants: list[str] = Field(min_length=1)


class Synonyms(_Strict):
    synonyms: list[Synonym]


class DocumentMeta(_Strict):
    """Front matter of a Markdown corpus document."""

    title: str = Field(min_length=3)
    type: Literal["programme", "profile", "role", "company", "document"] = "document"
    levels: list[Level] = []
    sources: list[SourceRef] = []
    checked: dt.date | None = None


class SchoolTopic(_Strict):
    """A profile, leerweg, school subject or kind of further education that pupils name, and
    the one section of a profile document that is about it (corpus/profiles/onderwerpen.yaml)."""

    id: RecordId = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str = Field(min_length=2)
    short: str = Field(min_length=2)
    aliases: list[str] = Field(min_length=1)
    levels: list[Level] = []
    source: str = Field(pattern=r"\.md$")  # display path, as the index stores it
    section: str = Field(min_length=2)  # the heading of that section, without the ##
    required: list[str] = []  # compulsory subjects of a havo/vwo profile
    required_by_level: dict[Level, list[str]] = {}
    choice: list[str] = []  # profile choice subjects the section gives as examples
    mbo: str = ""  # the mbo levels a leerweg's diploma opens, as its section says ("niveau 2")


class SchoolTopics(_Strict):
    year: int = Field(ge=2000, le=2100)  # the school year the subject rules are for
    topics: list[SchoolTopic]
