"""Company questions answered from the company records: which companies near the pupil offer
what they ask ("welke bedrijven in Drenthe helpen met een pws?"), and whether a company named
before offers it ("hebben ze ook een open dag?"). Each line cited to the company's chunk."""

from __future__ import annotations

import re

from assistant import texts
from assistant.answer import Outcome
from assistant.catalog import companies_named_in
from assistant.companies import OFFER_WORDS
from assistant.drafts import Draft, Records
from assistant.lexical import fold, words
from assistant.phrasing import first_sentence, join_words
from assistant.query import QueryInfo
from assistant.records import OFFERS, Company
from assistant.types import Hit


def company_answer(
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


def offers_answer(earlier: tuple[str, ...], wanted: list[str], records: Records) -> Draft:
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
    r"maken|doet|later|zit|zitten|lopen|loop|help\w*|vmbo|mavo|havo|vwo|mbo|hbo|"
    r"rond|rondom|dag\w*|onze|willen|wilt)$"
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
