"""The `extractive` answer: no language model. The sentences (and lists) of the retrieved
passages that best match the question, the best one first, without repeats or headings, each
group cited as [n], up to about 100 words (the next step is added when the answer is shown).
Always available; also the fallback when a model fails."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answer_units import Unit, cut, openings, tokens_of, verb
from assistant.comparison import Names, names_either, paragraph_from, side_by_side
from assistant.coverage import asked_kinds, asks_person, names_person
from assistant.history import split_condensed
from assistant.intents import programmes_in
from assistant.lexical import tokenize
from assistant.question_shapes import (
    ASKS_MEANING,
    ASKS_WHETHER,
    ASKS_WHY,
    ENUMERATES,
    GIVES_CAUSE,
    SITUATION,
    THEREFORE,
    defines,
    goes,
    subject_of,
    towards,
)
from assistant.types import Hit

MAX_WORDS = 130
MAX_UNITS = 6
WHOLE_UNITS = 5  # a paragraph said whole ("wat is X?"): at most this many sentences
COMPARED_MORE = 1  # units after the two things compared side by side
REPEAT = 0.6  # token overlap (Jaccard) above which a sentence repeats one already chosen
KIND = 3.0  # bonus for holding the kind of fact asked (a year for "wanneer", a number, ...)
MEANING_CANDIDATES = 16  # the best by words whose meaning is measured (each costs an embedding)
SPREAD = 0.15  # cosine spread below which closeness in meaning counts only in part
CONTEXT = 0.5  # what a question word in the passage's heading is worth to each of its sentences
EARLIER = 0.5  # what a word of the earlier question counts in a follow-up, against its own words
ABOUT = 1.0  # in a follow-up, for a sentence of a paragraph naming what was asked about before
RAREST = 0.8  # the earlier question's words at least this rare (idf) against its rarest one
SAID = 0.6  # share of a sentence's words above which it repeats what the answer said before it
OTHER = 2.0  # off a sentence that opens with another programme than the one asked about
TOWARDS = 1.0  # for a sentence going where the question goes ("... naar het hbo?")
CAUSE = 3.0  # for a sentence that gives a cause, when the question asks why (as KIND)
Similar = Callable[[list[str]], list[float]]  # sentences -> closeness to the question
# words in school topics' names that say nothing about which topic ("het profiel ...")
_COMMON = frozenset(tokens_of("profiel leerweg opleiding programma techniek gezondheid natuur"))
_COUNTS = re.compile(r"\b(twee|drie|vier|vijf|zes|[2-6]) \w+", re.I)  # a lead-in's count


def _overlap(unit: Unit, query: dict[str, float]) -> tuple[float, float]:
    """Shared words, each weighted by how much it says, of the unit itself (a list counts its
    lead-in and its best item, not every item: a long list would outrank the sentence that
    answers) and of the heading it stands under."""

    def weight(tokens: set[str] | frozenset[str]) -> float:
        return sum(query[t] for t in tokens & query.keys())

    context = weight(unit.context)
    if not unit.is_list:
        return weight(unit.tokens), context
    best = max(weight(set(tokens_of(item))) for item in unit.items)
    return weight(set(tokens_of(unit.text))) + best, context


# the words that ask for a kind of fact, not what it is about: "hoeveel verdient een
# procesoperator per maand?" is not answered by "469.000 euro per centrum per jaar"
_ASKING = frozenset(tokens_of("hoeveel wanneer per ongeveer"))  # not "jaar": "twee jaar" says it


def _score(
    unit: Unit,
    query: dict[str, float],
    subject: set[str],
    person: bool = False,
    kinds: tuple[re.Pattern[str], ...] = (),
    towards: str = "",
    why: bool = False,
) -> float:
    own, context = _overlap(unit, query)
    if not own and not context:
        return -1.0  # shares no word with the question, nor does its heading: never an answer
    score = own + CONTEXT * context + (0.5 if unit.position == 0 else 0.0) - 0.3 * (unit.n - 1)
    if kinds and _holds(unit, kinds):
        score += KIND  # "wanneer begon het?": the sentence with the year
    if person and names_person(unit.text):
        score += 2.0  # "wie was de aanjager?": the sentence with the name
    if subject and defines(unit.text.split("\n")[0], subject):
        score += 2.0  # "wat is X?": the sentence that opens with X and says what it is
    if towards:  # "mag ik na kader naar mbo 4?": not "met mbo 4 kun je naar het hbo"
        score += TOWARDS * goes(unit.text, towards)
    if why and GIVES_CAUSE.search(unit.plain):
        score += CAUSE  # "waarom ...?": the sentence that says why
    return score


def _with_causes(units: list[Unit], scores: dict[Unit, float]) -> set[Unit]:
    """ "waarom ...?": a sentence that says "daarom" answers it only with the sentence before
    it, which gives the reason ("De reden: bedrijven zochten vakmensen." before "Jet-Net
    wilde daarom ook het vmbo helpen."), even when that one shares no word with the question."""
    causes = set()
    for before, unit in zip(units, units[1:], strict=False):
        first = unit.text.split(". ")[0]  # "X. Hierdoor Y" leans on X within the unit itself
        if unit.n == before.n and scores[unit] > 0 and THEREFORE.search(first):
            scores[before] = max(scores[before], scores[unit] + CAUSE)
            causes.add(before)
    return causes


def _earlier_subject(
    earlier: str, weights: dict[str, float] | None, names: tuple[str, ...] = ()
) -> set[str]:
    """What a follow-up's earlier question asked about: the rarest words of X in "wat is X?"
    ("hoe lang duurt dat? (wat is een premaster)": the sentence about the premaster, not
    the one about the hbo). Nothing for other questions: in "ik woon in Nijmegen en wil iets
    met chips" the rarest word is the town, which is not what a follow-up asks about."""
    words = subject_of(earlier)
    rarity = {t: (weights or {}).get(t, 1.0) for t in tokenize(earlier) if verb(t) in words}
    top = max(rarity.values(), default=0.0)
    rarest = {verb(t) for t, w in rarity.items() if w >= RAREST * top}
    named = set(tokens_of(" ".join(names))) - _COMMON  # "Ad" for "associate degree"
    return rarest | named if rarest & named else rarest


def _repeats(unit: Unit, chosen: list[Unit]) -> bool:
    """Says what a chosen sentence, or an item of a chosen list, already says, or is word for
    word part of a chosen unit (a report that repeats its own sentence in the next one)."""
    if any(unit.text in c.text or c.text in unit.text for c in chosen):
        return True
    said = [c.tokens for c in chosen] + [set(tokens_of(i)) for c in chosen for i in c.items]
    return any(len(unit.tokens & s) / (len(unit.tokens | s) or 1) > REPEAT for s in said)


def _with_meaning(
    scores: dict[Unit, float],
    similar: Similar,
    weight: float,
    kinds: tuple[re.Pattern[str], ...] = (),
) -> tuple[dict[Unit, float], Unit | None]:
    """Each candidate (a sentence sharing a word with the question, itself or by its heading)
    gains up to `weight` by how close it is in meaning, relative to the other candidates; and
    the closest one."""
    candidates = [u for u, score in scores.items() if score > 0]
    if kinds:  # "hoeveel ...?": only sentences with a number can be the closest answer
        candidates = [u for u in candidates if _holds(u, kinds)] or candidates
    candidates = sorted(candidates, key=lambda u: -scores[u])[:MEANING_CANDIDATES]
    texts = [u.plain for u in candidates]
    sims = similar(texts) if candidates else []
    low, high = min(sims, default=0.0), max(sims, default=0.0)
    if high - low < 1e-6:
        return scores, None
    out = dict(scores)
    for unit, sim in zip(candidates, sims, strict=True):
        out[unit] += weight * (sim - low) / max(high - low, SPREAD)
    return out, candidates[sims.index(high)]


def _holds(unit: Unit, kinds: tuple[re.Pattern[str], ...]) -> bool:
    text = " ".join([unit.text, *unit.items]).lower()
    return all(kind.search(text) for kind in kinds)


def _contained(unit: Unit, said: list[Unit]) -> bool:
    return any(len(unit.tokens & s.tokens) / (len(unit.tokens) or 1) > SAID for s in said)


def compose(
    question: str,
    hits: list[Hit],
    max_passages: int = 3,
    weights: dict[str, float] | None = None,
    avoid: str = "",
    max_units: int = MAX_UNITS,
    similar: Similar | None = None,
    meaning: float = 0.0,
    compared: tuple[Names, Names] | None = None,
    earlier: str = "",
    earlier_names: tuple[str, ...] = (),
) -> tuple[str, list[int]]:
    """The answer text and the passage numbers (1-based) it cites. `weights` say how much each
    question word counts (idf); without them every word counts 1. Sentences that repeat
    `avoid` (what the answer already says before them) are left out. `similar` says how close
    in meaning each sentence is to the question; the closest gains up to `meaning` (a typical
    shared word is worth about 1). `compared`: the names of the two things a "verschil tussen
    X en Y" question compares, put side by side first (`assistant.comparison`). `earlier`: a
    follow-up's earlier question; only the paragraphs about its subject are used, if any
    (`earlier_names`: the other names of that subject, "Ad" for "associate degree")."""
    question, added = split_condensed(question)  # a follow-up: what it asks is its own
    own = SITUATION.sub(" ", question)  # "ik zit op het vmbo": context, not what is asked
    query = {verb(t): (weights or {}).get(t, 1.0) for t in tokenize(own) or tokenize(question)}
    mean = sum(query.values()) / len(query) if weights and query else 1.0
    query = {t: w / (mean or 1.0) for t, w in query.items()}  # a typical word is worth about 1
    for token in set(tokenize(added)) - query.keys():  # the synonyms, or the earlier question
        query.setdefault(verb(token), EARLIER * (weights or {}).get(token, 1.0) / (mean or 1.0))
    subject, person = subject_of(question), asks_person(question)
    kinds = tuple(asked_kinds(question))
    if kinds:  # the kind of fact is asked by its pattern; "per maand" is no shared subject
        query = {t: w for t, w in query.items() if t not in _ASKING} or query
    units = [u for n, hit in enumerate(hits[:max_passages], 1) for u in cut(hit, n)]
    heading_to = towards(question)
    why = bool(ASKS_WHY.search(question))
    scores = {u: _score(u, query, subject, person, kinds, heading_to, why) for u in units}
    causes = _with_causes(units, scores) if why else set()
    about = _earlier_subject(earlier, weights, earlier_names) - set(tokens_of(question))
    named = {key for key, u in openings(units).items() if set(tokens_of(u.text)) & about}
    headed = {n: set(tokens_of(hit.section)) for n, hit in enumerate(hits[:max_passages], 1)}
    if any(scores[u] > 0 for u in units if (u.n, u.paragraph) in named):
        for unit in units:  # only the paragraphs that open with what was asked about before,
            if (unit.n, unit.paragraph) in named:  # or stand under a heading naming it
                scores[unit] += ABOUT
            elif not headed[unit.n] & about:
                scores[unit] = -1.0
    asked = programmes_in(f"{question} {added}")
    for unit in units if asked else []:  # "wie heeft technet opgericht": not Jet-Net's founding
        if (opens := programmes_in(" ".join(unit.text.split()[:4]))) and not opens & asked:
            scores[unit] -= OTHER
    only_heading = {u for u in units if scores[u] > 0 and not _overlap(u, query)[0]} - causes
    only_heading -= {u for u in only_heading if kinds and _holds(u, kinds)}  # "Het is in 2009 ..."
    closest = None
    if similar is not None and meaning > 0:
        scores, closest = _with_meaning(scores, similar, meaning, kinds)
    for unit in only_heading - {closest}:
        scores[unit] = -1.0  # under a heading the question names, only the closest in meaning
    ranked = sorted(units, key=lambda u: (-scores[u], u.n, u.position))
    said = [Unit(0, 0, avoid, frozenset(tokens_of(avoid)))] if avoid else []
    blocks = side_by_side(ranked, compared) if compared else []
    best = ranked[0] if ranked and scores[ranked[0]] > 0 else None
    # "wat is bbl?": what it is, and what that means; "mag ik naar havo 4?": and on what terms
    defined = bool(best and subject and defines(best.text, subject))
    # "wat is een deficientie?": the sentence naming it ("Dan heb je een deficiëntie.") goes on
    names = bool(best and subject and not best.is_list and subject <= best.tokens)
    names = names and bool(ASKS_MEANING.search(question))  # not "wat doet een X?"
    whole = defined or names or bool(ASKS_WHETHER.search(question))
    if not blocks and best and not best.is_list and whole:
        blocks = [paragraph_from(best, ranked, WHOLE_UNITS)]
    blocks = [b for b in ([u for u in b if not _contained(u, said)] for b in blocks) if b]
    chosen: list[Unit] = [u for block in blocks for u in block]
    words = sum(u.words for u in chosen)
    if blocks and compared:  # after the two side by side, briefly what else is said of either
        max_units = len(chosen) + (0 if chosen[0].is_list else COMPARED_MORE)
    for unit in ranked:
        if scores[unit] <= 0 or len(chosen) >= max_units:
            break
        if _repeats(unit, chosen) or _contained(unit, said):
            continue
        if compared and blocks and not names_either(unit, compared):
            continue
        if chosen and words + unit.words > MAX_WORDS:
            continue
        chosen.append(unit)
        words += unit.words
    if not chosen:
        return "", []
    giving = [u for u in chosen if u in causes or GIVES_CAUSE.search(u.plain)] if why else []
    lead = [u for block in blocks for u in block] or giving[:1] or chosen[:1]  # why: the cause
    lists = [u for u in chosen if u.is_list]  # a sentence chosen before a list that repeats it
    rest = [u for u in chosen if u not in lead and (u.is_list or not _repeats(u, lists))]
    rest = sorted(rest, key=lambda u: (u.n != lead[0].n, u.n, u.position))  # the lead's first
    starts = {sum(len(b) for b in blocks[:i]) for i in range(len(blocks) + 1)} if blocks else set()
    everything = bool(ENUMERATES.search(question))
    text = _render([*lead, *rest], query, everything, starts, counted=not compared)
    return text, sorted({u.n for u in [*lead, *rest]})


def _list_text(unit: Unit, query: dict[str, float], everything: bool) -> str:
    """A list's lead-in and its items: all of them (up to six) when `everything`, else the
    items that share a word with the question."""
    items = list(unit.items)
    if not everything:
        items = [i for i in items if query.keys() & set(tokens_of(i))] or items
    return unit.text + "\n" + "\n".join(f"- {item}" for item in items[:6])


def _render(
    units: list[Unit],
    query: dict[str, float],
    everything: bool,
    starts: set[int] | None = None,
    counted: bool = True,
) -> str:
    """Sentences of one passage run together and are cited once; a list stands on its own, and
    so does each block that `starts` (the unit numbers where one begins) marks. A list shows
    all its items when the question asks for an enumeration (`everything`) or, unless two
    things are compared, when its lead-in counts them ("twee dingen:": both of them)."""
    starts = starts or set()
    parts: list[str] = []
    for i, unit in enumerate(units):
        if unit.is_list:
            whole = everything or (counted and bool(_COUNTS.search(unit.text)))
            text = _list_text(unit, query, whole)
        else:
            text = unit.text if unit.text.endswith(("?", "!", ".")) else f"{unit.text}."
        ends = i + 1 == len(units) or units[i + 1].n != unit.n or units[i + 1].is_list
        mark = f" [{unit.n}]" if ends or unit.is_list or i + 1 in starts else ""
        apart = unit.is_list or (i > 0 and units[i - 1].is_list) or i in starts
        parts.append(("\n\n" if apart else " ") + text + mark if parts else text + mark)
    return "".join(parts)
