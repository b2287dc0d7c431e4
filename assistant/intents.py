"""What kind of question is this? Rules over the question (with its synonym expansions and
spelling repairs) and the roles the catalog knows, so the pipeline can answer company, role and
route questions from the records instead of from loose passages.

- companies:   where can I visit / shadow / do an internship, or "ik woon in X en wil iets met Y"
- role_route:  which programme, profile or subjects lead to a named role
- role_tasks:  what you do in a named role
- profile:     school profiles, subjects, leerwegen, technasium (no role named)
- programme:   Jet-Net, TechNet, the Techniekpact and the other programmes
- other:       everything else (answered from the passages)

`unknown_role` is a role the question names in a role pattern ("als ik piloot wil worden") that
the corpus does not have: the honest answer is that it is not in the sources."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from enum import StrEnum

from assistant.catalog import Catalog, companies_named_in
from assistant.coverage import asked_kinds
from assistant.lexical import fold
from assistant.query import QueryInfo
from assistant.question_shapes import asked
from assistant.school_steps import school_step


class Intent(StrEnum):
    COMPANIES = "companies"
    ROLE_ROUTE = "role_route"
    ROLE_TASKS = "role_tasks"
    PROFILE = "profile"
    PROGRAMME = "programme"
    OTHER = "other"


@dataclass(frozen=True)
class Classified:
    intent: Intent
    roles: list[str] = field(default_factory=list)  # role ids named, best first
    unknown_role: str = ""  # a role noun the corpus has no record for


_ROUTE = re.compile(
    r"\b(opleiding\w*|studie\w*|studeren|studeer|leren|word(en|t)?|profiel\w*|vakken|vak|"
    r"mbo|hbo|wo|universiteit|uni|hogeschool|niveau|diploma|route|toelating\w*|eisen)\b|"
    r"\bna (het|de) (vmbo|havo|vwo|mbo)\b|\bwat moet (ik|je) (doen|kiezen|studeren)\b"
)
_TASKS = re.compile(
    r"\bwat doe(t|n|e)?\b|\bwat houdt\b|\btaken\b|\bwat voor werk\b|\bhoe is het\b|"
    r"\bdoe je (als|dan|de hele dag|precies)\b|\bwat is (een|het werk)\b|\bwat deed\b|"
    r"\bwerk(t|en)? (je|een|als)\b|\bhele dag\b|\bprecies\b|\bwerkdag\b"
)
# "hoe word ik X", "X worden", "hoe kom ik daar": a role's route, whatever step it names
_BECOME = re.compile(r"\bword(en|t)?\b|\bhoe kom\w*\b")
# a yes/no follow-up about a detail: "werk je dan ook in het weekend?", "moet je dan ..."
_DETAIL = re.compile(
    r"^(en |maar |dus )?(werk|moet|kan|kun|mag|is|ben|heb|krijg|ga|zit|draag|sta)\w* "
    r"(je|jij|ik|het|er|ze|hij|zij|men)\b"
)
_PROFILE = re.compile(
    r"\b(n ?& ?t|nt|n ?& ?g|ng|e ?& ?m|em|c ?& ?m|cm|profiel\w*|vakkenpakket|technasium|pie|bwi|"
    r"mvi|m ?& ?t|mat|leerweg\w*|kader\w*|basisberoeps\w*|gemengde|theoretische|tl|examen\w*|"
    r"natuur en techniek|natuur en gezondheid|o ?& ?o|nlt|wiskunde ?[abcd]?|wis ?[abcd]|"
    r"natuurkunde|scheikunde|nask\d?|informatica)\b|\bwat (moet|kan|zal) (ik|je) (kiezen|nemen)\b"
)
_PROGRAMME = re.compile(
    r"jet-?net|technet|platform b.ta|techniekpact|b.tatechniek|b.ta techniek|meer betere|"
    r"career ?days?|techniek ?talent|sterk techniekonderwijs|\bstto?\b"
)


def programmes_in(text: str) -> frozenset[str]:
    """The programmes and organisations `text` names, each as one spelling ("Jet-Net",
    "jetnet" -> "jetnet")."""
    return frozenset(re.sub(r"[^a-z]", "", m.group()) for m in _PROGRAMME.finditer(fold(text)))


_PLACE_TOPIC = re.compile(r"\b(iets met|werken|werk|baan|doen)\b")
_COMPANY_WORD = re.compile(r"\b(bedrijf|bedrijven|bedrijfje|werkgever\w*|fabriek\w*)\b")
_COMPANY_SEARCH = re.compile(
    r"\b(welke?|een|(zijn|is|zitten|zit) (er|daar|hier)|waar|ergens|wat voor|noem|ken je)\b"
    r"[^.?]{0,14}"
    r"\b\w*(bedrijf|bedrijven|bedrijfje|werkgevers?|fabrieken)\b|"  # "chipbedrijven" too
    r"\b\w*(bedrijf|bedrijven) (in|bij|rond|uit|dichtbij|in de buurt|bij mij)\b(?! ?\d)"
)
_DEFINITION = re.compile(r"^(wat|wie) (is|zijn|betekent|bedoel\w*) (een |het |de |dat )?\w+\W*$")
_OFFER = re.compile(
    r"\b(stage\w*|meelo\w*|snuffel\w*|bezoek\w*|bedrijfsbezoek|gastles\w*|pws|"
    r"profielwerkstuk|open dag|excursie)\b"
)
_LEERWEG = re.compile(
    r"\b(kader\w*|kb|bb|basisberoeps\w*|gemengde?|theoretische?|tl|gl|leerweg\w*|mavo)\b"
)
# "als ik piloot wil worden", "om piloot te worden", "hoe word ik piloot", "wat doet een piloot",
# "de opleiding tot piloot"
_FILLER = r"(?:(?:eigenlijk|eigelijk|later|dan|nou|nu|toch|echt|ooit|zelf|graag|misschien) )*"
_ROLE_NOUN = re.compile(
    rf"\b(?:als|om) (?:ik|je|jij)? ?{_FILLER}(?:een )?([a-z-]{{4,}}) (?:wil |wilt |zou |te )?"
    rf"(?:worden|word)\b|\bhoe word (?:ik|je) {_FILLER}(?:een )?([a-z-]{{4,}})\b|"
    rf"\bwat doet (?:een|de) ([a-z-]{{4,}})\b|"
    rf"\b(?:ik|je) (?:wil|wilt|zou|ga) {_FILLER}(?:een )?([a-z-]{{4,}}) (?:worden|word)\b"
    rf"|\bopleiding (?:tot|voor) (?:een )?([a-z-]{{4,}})\b"  # "hoe lang duurt de opleiding tot X"
)
_NOT_A_ROLE = {
    "techniek", "technicus", "ingenieur", "iets", "beroep", "monteur", "werk", "baan", "student",
    "leerling", "stagiair", "goede", "beter", "rijk", "later", "bedrijf", "beroepen", "iemand",
}  # fmt: skip


def classify(question: str, info: QueryInfo, catalog: Catalog) -> Classified:
    """The pupil's own words decide the kind of question; the context a follow-up got (in
    brackets) only supplies the role it is about."""
    own_text = re.sub(r"\([^)]*\)", " ", question)
    own = fold(own_text)
    own_roles = catalog.roles_named_in(own_text) or fuzzy_roles(own, catalog)
    route, tasks = bool(_ROUTE.search(own)), bool(_TASKS.search(own))
    # "werk je dan ook in het weekend?" after a role: a detail about it, not its tasks
    detail = tasks and not own_roles and bool(_DETAIL.match(own.strip()))
    asks = fold(asked(own_text))  # "ik zit op vmbo tl, ...": the pupil's school, not the topic
    profile = bool(_PROFILE.search(asks))
    if _PROGRAMME.search(fold(info.expanded)) and not own_roles:
        return Classified(Intent.PROGRAMME)
    if companies_named_in(catalog, question) or _searches_companies(own, info):
        return Classified(Intent.COMPANIES, own_roles)
    if _LEERWEG.search(asks) and not own_roles:
        return Classified(Intent.PROFILE)
    if school_step(asks) and not tasks and not _BECOME.search(own):
        return Classified(Intent.PROFILE)  # "mbo 4 elektrotechniek, daarna naar de uni?": a step
    # "en wanneer moet ik dat profiel kiezen?" after a role: a date or a count is never on a
    # route card, so the earlier role does not make it a route question
    about_role = (route or tasks or profile) and not asked_kinds(own_text)
    context_roles = catalog.roles_named_in(info.expanded) if about_role else []
    roles = own_roles or context_roles
    unknown = "" if roles else _unknown_role(own, catalog)
    if roles or unknown:
        if tasks and not route and not detail:
            return Classified(Intent.ROLE_TASKS, roles, unknown)
        if route or profile:
            return Classified(Intent.ROLE_ROUTE, roles, unknown)
        if unknown:
            return Classified(Intent.ROLE_TASKS, roles, unknown)
        return Classified(Intent.OTHER, roles)  # a detail about a role: from the passages
    return Classified(Intent.PROFILE if profile else Intent.OTHER)


def _searches_companies(own: str, info: QueryInfo) -> bool:
    """A search for companies: "welke bedrijven ...", "bedrijven in X", an activity with a
    company or a place ("meelopen in Zwolle"), or a place with a subject ("ik woon in Zwolle en
    wil iets met dieren")."""
    if _DEFINITION.match(own) and info.province_from not in ("place", "province"):
        return False  # "wat is een leerbedrijf?": what the word means, not a search
    if _COMPANY_SEARCH.search(own):
        return True
    place = info.province_from in ("place", "province")
    # "hoeveel geld stoppen bedrijven in zo'n centrum? voor pws": a figure asked, not a visit
    if _OFFER.search(own) and (place or _COMPANY_WORD.search(own)) and not asked_kinds(own):
        return True
    return (
        info.province_from == "place" and bool(_PLACE_TOPIC.search(own)) and not _ROUTE.search(own)
    )


# the last part of a one-word role name that says "someone who works on it"
_ROLE_HEAD = re.compile(r"(monteur|technicus|installateur|engineer|ingenieur|operator|specialist)$")


def fuzzy_roles(folded: str, catalog: Catalog) -> list[str]:
    """A misspelled one-word role name ("procesoperater", "elektronikus"), or one said with
    another worker's word ("windturbinemonteur" for the windturbinetechnicus)."""
    single = {n: rid for rid, names in catalog.role_names().items() for n in names if " " not in n}
    found = []
    for word in re.findall(r"[a-z]{7,}", folded):
        match = difflib.get_close_matches(word, single, n=1, cutoff=0.9)
        roles = {single[match[0]]} if match else _field_roles(word, single)
        if len(roles) == 1 and (role := roles.pop()) not in found:
            found.append(role)
    return found


def _field_roles(word: str, single: dict[str, str]) -> set[str]:
    """The roles whose one-word name has the field of `word` with a worker's word after it."""
    head = _ROLE_HEAD.search(word)
    if head is None or head.start() < 5:
        return set()
    field = word[: head.start()]  # "windturbine"
    return {
        rid for n, rid in single.items() if (h := _ROLE_HEAD.search(n)) and n[: h.start()] == field
    }


def _unknown_role(folded: str, catalog: Catalog) -> str:
    match = _ROLE_NOUN.search(folded)
    noun = next((g for g in match.groups() if g), "") if match else ""
    if not noun or noun in _NOT_A_ROLE:
        return ""
    words = {w for names in catalog.role_names().values() for n in names for w in n.split()}
    if noun in words or difflib.get_close_matches(noun, words, n=1, cutoff=0.8):
        return ""
    return noun
