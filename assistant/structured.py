"""Answers built from the corpus records for company, role and route questions: the team's
sentence templates (`assistant.texts`) filled with record fields, each cited to the chunk of
the record it comes from. No model, nothing improvised: the facts are the records'. Company
answers are in `assistant.company_answers`, what a draft is made of in `assistant.drafts`."""

from __future__ import annotations

from assistant import texts
from assistant.answer import Outcome
from assistant.catalog import companies_named_in
from assistant.company_answers import asked_offers, company_answer, offers_answer, own_words
from assistant.coverage import covers
from assistant.drafts import Draft, Records
from assistant.intents import Classified, Intent
from assistant.lexical import tokenize
from assistant.phrasing import join_words, level_phrase, route_sentences
from assistant.query import QueryInfo
from assistant.routes import RouteCard, build_route
from assistant.topics import study_profile_lead
from assistant.types import Hit


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
        return offers_answer(tuple(named) or earlier, wanted, records)
    if classified.unknown_role and not mentioned(classified.unknown_role, retrieved):
        related = [h.title for h in retrieved if h.doc_type == "role"]
        return Draft(Outcome.NOT_IN_SOURCES, unknown=classified.unknown_role,
                     related=list(dict.fromkeys(related))[:3])  # fmt: skip
    if classified.intent is Intent.COMPANIES:
        draft = company_answer(question, info, records, retrieved, classified.roles)
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
    title = card.title.lower()
    others = join_words([level_phrase(lv) for lv in card.other_levels])
    via = _via_mbo(card, records) if not lead else None
    if via:  # "hoe word ik werktuigbouwkundig ingenieur vanaf de mavo?": via the mbo
        level = level_phrase(card.level or "vmbo")
        first = f"{texts.ROLE_VIA_MBO.format(level=level, title=title)}\n{via[0]}"
        first += f"{draft.cite(via[1])}\n\n"
        intro = texts.ROLE_ROUTES_FROM_OTHERS.format(others=others, title=title)
    elif "route_for_level" in card.missing and card.level:
        intro = texts.ROLE_NO_ROUTE_FOR_LEVEL.format(
            level=level_phrase(card.level), title=title, others=others
        )
    elif card.level:
        intro = texts.ROLE_ROUTES_FOR_LEVEL.format(level=level_phrase(card.level), title=title)
    else:
        intro = texts.ROLE_ROUTES_INTRO.format(title=title)
    mark = draft.cite(records.chunk(card.role_id, 1))
    lines = [f"- {' '.join(route_sentences(p.route))}" for p in card.paths]
    text = f"{intro}\n" + "\n".join(lines) + mark
    if card.other_levels and "route_for_level" not in card.missing:
        text += f"\n\n{texts.ROLE_OTHER_LEVELS.format(others=others)}{mark}"
    draft.text = first + text
    return draft


def _via_mbo(card: RouteCard, records: Records) -> tuple[str, Hit] | None:
    """For a vmbo pupil and a role the records reach from the hbo only: the documents' paragraph
    on going from the mbo to the hbo, or None."""
    from_vmbo = card.level == "vmbo" and "route_for_level" in card.missing
    if not from_vmbo or not any(p.route.education == "hbo" for p in card.paths):
        return None
    return records.step("van mbo naar het hbo")


def mentioned(word: str, hits: list[Hit]) -> bool:
    """Whether a document passage uses `word` ("dokter": "Wie arts of dokter wil worden,
    studeert geneeskunde"): a role no record describes can still be answered from the
    documents. Not a role's or a company's record: "geeft uitleg aan verpleegkundigen" says
    nothing about how to become one."""
    token = set(tokenize(word))
    documents = [h for h in hits if h.doc_type not in ("role", "company")]
    return bool(token) and any(token <= set(tokenize(h.text)) for h in documents)
