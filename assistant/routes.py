"""The route from school to a job, built from the corpus records, never improvised by a model:
school profile -> required subjects -> mbo/hbo/wo programme -> the role -> companies nearby that
have the role. Each hop names the record it comes from; a hop the records lack is marked missing,
so the pupil page can say so. The same builder feeds structured answers and the route card."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.catalog import Catalog
from assistant.companies import CompanyDirectory, CompanyMatch
from assistant.records import Route

LEVEL_ORDER = ("vmbo", "havo", "vwo")


@dataclass(frozen=True)
class RoutePath:
    """One way to the role: from a school level and profile, with subjects, to a programme."""

    route: Route
    source: str  # the role record


@dataclass
class RouteCard:
    role_id: str
    title: str
    source: str  # "corpus/roles/<id>.yaml"
    level: str | None  # the pupil's level, if known
    paths: list[RoutePath] = field(default_factory=list)  # the pupil's level first
    other_levels: list[str] = field(default_factory=list)  # levels with routes, not the pupil's
    companies: list[CompanyMatch] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # route_for_level, subjects, companies

    @property
    def complete(self) -> bool:
        return not self.missing


def build_route(
    catalog: Catalog,
    directory: CompanyDirectory,
    role_id: str,
    *,
    level: str | None = None,
    province: str | None = None,
) -> RouteCard:
    role = catalog.roles[role_id]
    source = catalog.sources[role_id]
    card = RouteCard(role_id, role.title, source, level)
    ordered = sorted(role.routes, key=lambda r: LEVEL_ORDER.index(r.level))
    mine = [r for r in ordered if r.level == level] if level else ordered
    card.paths = [RoutePath(r, source) for r in (mine or ordered)]
    card.other_levels = sorted(
        {r.level for r in ordered} - {level} if level else set(), key=LEVEL_ORDER.index
    )
    if level and not mine:
        card.missing.append("route_for_level")
    if all(not p.route.required_subjects for p in card.paths) and any(
        p.route.education in ("hbo", "wo") for p in card.paths
    ):
        card.missing.append("subjects")
    card.companies = [
        m
        for m in directory.match(role.title, [], province, company_intent=True, k=6)
        if role_id in m.company.roles
    ][:3]
    if not card.companies:
        card.missing.append("companies")
    return card
