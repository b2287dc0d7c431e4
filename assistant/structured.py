"""Answers built from the corpus records for company, role and route questions: the team's
sentence templates (`assistant.texts`) filled with record fields, each cited to the chunk of
the record it comes from. No model, nothing improvised: the facts are the records'."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant import texts
from assistant.answer import Outcome
from assistant.catalog import Catalog, companies_named_in
from assistant.companies import OFFER_WORDS, CompanyDirectory, CompanyMatch
from assistant.coverage import covers
from assistant.intents import Classified, Intent
from assistant.lexical import fold, tokenize, words
from assistant.phrasing import first_sentence, join_words, level_phrase, route_sentences
from assistant.query import QueryInfo
from assistant.records import OFFERS, Company
from assistant.routes import RouteCard, build_route
from assistant.topics import study_profile_lead
from assistant.types import Hit

RecordHits = Callable[[str], list[Hit]]  # record id -> its chunks in document order


@dataclass
class Draft:
    """A structured answer before the pipeline wraps it: text with [n], the numbered sources."""

    outcome: Outcome
    text: str = ""
    hits: list[Hit] = field(default_factory=list)
    route: RouteCard | None = None
    companies: list[CompanyMatch] = field(default_factory=list)
    unknown: str = ""  # a role the corpus has no record of
    related: list[str] = field(default_factory=list)  # role titles to suggest instead

    @property
    def cited(self) -> list[int]:
        return list(range(1, len(self.hits) + 1))

    def cite(self, hit: Hit | None) -> str:
        """' [n]' for `hit`, numbering it on first use ('' when there is no chunk)."""
        if hit is None:
            return ""
        if hit.chunk_id not in [h.chunk_id for h in self.hits]:
            self.hits.append(hit)
        return f" [{[h.chunk_id for h in self.hits].index(hit.chunk_id) + 1}]"


@dataclass
class Records:
    """What structured answers need: the catalog, company matching and record chunks."""

    catalog: Catalog
    directory: CompanyDirectory
    record_hits: RecordHits
    topic_roles: Callable[..., list[str]]  # question[, limit] -> role ids it is about
    known: frozenset[str] = frozenset()  # names that need no passage (towns, abbreviations)

    def chunk(self, record_id: str, index: int = 0) -> Hit | None:
        hits = self.record_hits(record_id)
        return hits[min(index, len(hits) - 1)] if hits else None


def structured_answer(
    question: str,
    classified: Classified,
    info: QueryInfo,
    records: Records,
    retrieved: list[Hit],
    region: str | None = None,
    earlier: tuple[str, ...] = (),
) -> Draft | None:
    """The answer from the records, or None when the question is not one they answer.
    `region` is the province the pupil chose: the route card's companies come from there;
    `earlier` the companies the previous answer named ("hebben ze ook een open dag?")."""
    wanted = asked_offers(question)
    named = companies_named_in(records.catalog, own_words(question)) if wanted else []
    if wanted and (named or earlier):  # "heeft botlekstroom een open dag?": yes or no
        return _offers(tuple(named) or earlier, wanted, records)
    if classified.unknown_role and not mentioned(classified.unknown_role, retrieved):
        related = [h.title for h in retrieved if h.doc_type == "role"]
        return Draft(Outcome.NOT_IN_SOURCES, unknown=classified.unknown_role,
                     related=list(dict.fromkeys(related))[:3])  # fmt: skip
    if classified.intent is Intent.COMPANIES:
        draft = _companies(question, info, records, retrieved, classified.roles)
        return _covering(question, records, draft)
    if not classified.roles or classified.intent is Intent.OTHER:
        return None  # a detail about a role ("werkt hij in ploegen?"): from the passages
    role_id = classified.roles[0]
    province = info.province or region
    card = build_route(
        records.catalog, records.directory, role_id, level=info.level, province=province
    )
    if classified.intent is Intent.ROLE_ROUTE:
        lead = study_profile_lead(question, info.expanded, info.level, retrieved)
        return _covering(question, records, _routes(card, records, lead))
    return _covering(question, records, _tasks(role_id, card, records))


def _covering(question: str, records: Records, draft: Draft) -> Draft:
    """A question after a kind of fact the records do not hold (a salary, a date) is not
    answered beside the point: that is 'not in my sources'."""
    passages = " ".join(h.text for h in draft.hits)
    if draft.outcome is Outcome.ANSWERED and not covers(
        question, draft.text, passages, records.known
    ):
        return Draft(Outcome.NOT_IN_SOURCES, companies=draft.companies)
    return draft


def _tasks(role_id: str, card: RouteCard, records: Records) -> Draft:
    role = records.catalog.roles[role_id]
    draft = Draft(Outcome.ANSWERED, route=card, companies=card.companies)
    mark = draft.cite(records.chunk(role_id, 0))
    tasks = "\n".join(f"- {task}" for task in role.tasks[:4])
    intro = texts.ROLE_TASKS_INTRO.format(title=role.title.lower())
    draft.text = f"{' '.join(role.summary.split())}{mark}\n\n{intro}\n{tasks}{mark}"
    return draft


def _routes(card: RouteCard, records: Records, lead: tuple[str, Hit] | None = None) -> Draft:
    draft = Draft(Outcome.ANSWERED, route=card, companies=card.companies)
    first = f"{lead[0]}{draft.cite(lead[1])}\n\n" if lead else ""
    mark = draft.cite(records.chunk(card.role_id, 1))
    title = card.title.lower()
    others = join_words([level_phrase(lv) for lv in card.other_levels])
    if "route_for_level" in card.missing and card.level:
        intro = texts.ROLE_NO_ROUTE_FOR_LEVEL.format(
            level=level_phrase(card.level), title=title, others=others
        )
    elif card.level:
        intro = texts.ROLE_ROUTES_FOR_LEVEL.format(level=level_phrase(card.level), title=title)
    else:
        intro = texts.ROLE_ROUTES_INTRO.format(title=title)
    lines = [f"- {' '.join(route_sentences(p.route))}" for p in card.paths]
    text = f"{intro}\n" + "\n".join(lines) + mark
    if card.other_levels and "route_for_level" not in card.missing:
        text += f"\n\n{texts.ROLE_OTHER_LEVELS.format(others=others)}{mark}"
    draft.text = first + text
    return draft


def _companies(
    question: str, info: QueryInfo, records: Records, retrieved: list[Hit], roles: list[str]
) -> Draft:
    named = companies_named_in(records.catalog, question)
    province = info.province
    own = {w for c in named for w in words(records.catalog.companies[c].name)}  # not a subject
    subject = [w for w in topic_words(question, _where_words(info)) if w not in own]
    # "doet asml ook gastlessen?": a name no record knows is said to be unknown, then the list
    # ("chille bedrijven": a word that says what kind of company is no name)
    unheard = [
        texts.COMPANY_UNHEARD.format(name=w)
        for w in subject
        if w in info.unheard and not re.search(rf"\b{w} \w*bedrij", fold(question))
    ][: 0 if named else 1]
    topic = set(roles or (records.topic_roles(" ".join(subject)) if subject else []))
    companies = [h for h in retrieved if h.doc_type == "company"]  # not a role's passage
    matches = records.directory.match(
        question,
        companies,
        province,
        company_intent=True,
        k=6,
        topic=topic or None,
        town=info.place,
    )
    first = [m for m in matches if m.company.id in named]  # the named ones always come first
    listed = {m.company.id for m in first}
    first += records.directory.described([c for c in named if c not in listed], set())
    near = first + [m for m in matches if m.company.id not in named and m.tier == 0]
    draft = Draft(Outcome.ANSWERED)
    if province and not near:
        nearby = [m for m in matches if m.tier == 1][:3]
        lines = [*unheard, texts.COMPANIES_NONE_IN_PROVINCE.format(province=province)]
        if nearby:
            lines += [texts.COMPANIES_NEARBY, *(_company_line(m.company, draft, records)
                                                for m in nearby)]  # fmt: skip
        draft.text, draft.companies = "\n".join(lines), nearby
        return draft
    shown = (near or matches)[:4] if not (named and not province) else first[:4]
    if not shown:
        return Draft(Outcome.NOT_IN_SOURCES)
    if named and len(shown) == len(first):
        intro = ""  # the pupil asked about these companies: no list heading, no "where"
    elif not province:
        intro = texts.COMPANIES_INTRO_ANYWHERE
    elif info.province_from == "place":
        intro = texts.COMPANIES_INTRO_PLACE.format(province=province, place=_place(info))
    else:
        intro = texts.COMPANIES_INTRO.format(province=province)
    lines = [*unheard, intro] if intro else unheard
    lines += [_company_line(m.company, draft, records, m.company.id in named) for m in shown]
    if all(m.company.example for m in shown):
        lines.append(f"\n{texts.COMPANIES_EXAMPLES}")
    if not province and intro:
        lines.append(texts.COMPANIES_ASK_PLACE)
    draft.text, draft.companies = "\n".join(lines), shown
    return draft


def asked_offers(question: str) -> list[str]:
    """The activities a question asks about, in the pupil's own words (not the context a
    follow-up got in brackets)."""
    own = fold(own_words(question))
    found = [offer for offer, pattern in OFFER_WORDS.items() if re.search(pattern, own)]
    for level in ("mbo", "hbo"):  # "stages voor hbo": only that kind of internship
        other = "stage_hbo" if level == "mbo" else "stage_mbo"
        if re.search(rf"\b{level}\b", own) and not re.search(r"\b(mbo|hbo)\b.*\b(mbo|hbo)\b", own):
            found = [o for o in found if o != other]
    return found


def own_words(question: str) -> str:
    """The pupil's own words: without the context a follow-up got in brackets."""
    return re.sub(r"\([^)]*\)", " ", question)


def _offers(earlier: tuple[str, ...], wanted: list[str], records: Records) -> Draft:
    """Which of the companies just named offer what the follow-up asks ("hebben ze ook een open
    dag?", "welke van die helpen met een pws?"): those that do first, then those that do not."""
    draft = Draft(Outcome.ANSWERED)
    companies = [records.catalog.companies[c] for c in earlier if c in records.catalog.companies]
    does = [c for c in companies if set(wanted) & set(c.offers)]
    lines = []
    for company in [*does, *(c for c in companies if c not in does)]:
        offered = [OFFERS[o] for o in wanted if o in company.offers]
        line = texts.COMPANY_OFFERS_YES if offered else texts.COMPANY_OFFERS_NO
        what = join_words(offered) if offered else join_words([OFFERS[o] for o in wanted], "of")
        line = line.format(name=company.name, city=company.city, offer=what)
        if not offered and company.offers:  # what they do offer instead
            instead = join_words([OFFERS[o] for o in company.offers])
            line += f" {texts.COMPANY_OFFERS_INSTEAD.format(offers=instead)}"
        lines.append(f"- {line}{draft.cite(records.chunk(company.id))}")
    draft.text = "\n".join(lines)
    draft.companies = records.directory.described([c.id for c in companies], set(wanted))
    return draft


def _company_line(company: Company, draft: Draft, records: Records, full: bool = False) -> str:
    """One company as a list item; `full` (a company the pupil named) with its whole profile."""
    about = (" ".join(company.about.split()) if full else first_sentence(company.about)).rstrip(".")
    line = texts.COMPANY_LINE.format(name=company.name, city=company.city, about=about)
    offers = join_words([OFFERS[o] for o in company.offers])
    if offers:
        line += f". {texts.COMPANY_OFFERS.format(offers=offers)}"
    else:
        line += "."
    return f"- {line}{draft.cite(records.chunk(company.id))}"


_NO_TOPIC = re.compile(
    r"^(tech|techniek\w*|technisch\w*|bedrij[fv]\w*|iets|buurt|regio|woon|wonen|ergens|zoek\w*|graag|"
    r"leuk\w*|mogelijk|school|klas|geven|doen|kunnen|gaan|mag|mogen|meelopen|meeloopdag|"
    r"bezoek\w*|stage\w*|gastles\w*|open|dag|werken|werk|plek\w*|profielwerkstuk|pws|"
    r"provincie|dichtbij|omgeving|welke|waar|zijn|heeft|hebben|bieden|biedt|aan|daar|maakt|"
    r"maken|doet|later|zit|zitten|lopen|loop|help\w*|vmbo|mavo|havo|vwo|mbo|hbo)$"
)


_SHORT_TOPICS = frozenset({"ict", "cnc"})  # fields pupils name in three letters
_COMPOUND = re.compile(r"(?<=\w{3})(bedrijf|bedrijven|bedrijfje|bedrijfjes)$")


def _where_words(info: QueryInfo) -> frozenset[str]:
    return frozenset(words(f"{info.place} {info.province or ''}"))


def topic_words(question: str, places: frozenset[str]) -> list[str]:
    """The subject of a company question ("games", "dieren"), beyond where and what kind of
    visit; the town and province it names do not count. Empty: any company will do."""
    said = [_COMPOUND.sub("", w) or w for w in words(question)]  # "chipbedrijven": chip
    return [
        w
        for w in said
        if (len(w) >= 4 or w in _SHORT_TOPICS) and not _NO_TOPIC.match(w) and w not in places
    ]


def _place(info: QueryInfo) -> str:
    return info.place or info.province or ""


def mentioned(word: str, hits: list[Hit]) -> bool:
    """Whether a document passage uses `word` ("dokter": "Wie arts of dokter wil worden,
    studeert geneeskunde"): a role no record describes can still be answered from the
    documents. Not a role's or a company's record: "geeft uitleg aan verpleegkundigen" says
    nothing about how to become one."""
    token = set(tokenize(word))
    documents = [h for h in hits if h.doc_type not in ("role", "company")]
    return bool(token) and any(token <= set(tokenize(h.text)) for h in documents)
