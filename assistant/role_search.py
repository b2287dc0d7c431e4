"""'ik wil iets met duurzaamheid, wat kan ik worden?': the roles whose records are about what
the pupil names, each with the first sentence of its summary, cited to its record. Only for
a question that asks which jobs there are and names no role itself. And 'ik zit in 3 kader en
wil iets met auto's, welke opleiding?': when one role's record is clearly about what the pupil
names, the route to that role."""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant import texts
from assistant.answer import Outcome
from assistant.company_answers import own_words, topic_words
from assistant.drafts import Draft, Records
from assistant.intents import Classified, Intent
from assistant.lexical import fold, tokenize
from assistant.phrasing import first_sentence
from assistant.query import QueryInfo
from assistant.question_shapes import asked
from assistant.structured import structured_answer
from assistant.types import Hit

MAX_ROLES = 4
_ASKS_ROLES = re.compile(
    r"\b(welke|wat voor|noem)\b[^.?]{0,25}\b(beroep\w*|banen|baan|werk)\b"
    r"|\bwat (kan|zou|moet) (ik|je) (later |dan )?(worden|gaan doen)\b"
    r"|\b(welk|wat voor) (beroep|werk|baan) past\b|\bwat past (er )?bij (mij|me)\b"
)
# words of such a question that say nothing about the subject
_ASKING = frozenset(
    re.findall(
        r"\w+",
        "welke beroep beroepen banen baan werk worden past passen later eigenlijk allemaal zijn "
        "heb hebben kies kiezen wil willen zou zouden leuk leuke graag interesse hou houd "
        "havo vwo vmbo mbo hbo klas",
    )
)


# "welke opleiding", "wat moet ik dan op het mbo doen": a study asked for, no role named
_ASKS_STUDY = re.compile(
    r"\b(welke?|wat voor)( \w+)? (opleiding|studie|richting)\w*\b"
    r"|\bwat (moet|kan|zou) (ik|je) (\w+ ){0,4}(doen|studeren|kiezen)\b"
)
_STUDY_WORDS = frozenset(
    ("opleiding", "opleidingen", "studie", "studeren", "richting", "sleutelen")
)


def subject_route(
    question: str, records: Records, route: Callable[[str], Draft | None]
) -> Draft | None:
    """For a question asking which study leads to what it names, when one role the search finds
    for it is named after it ("auto's": the autotechnicus, not the chipontwerper whose chips go
    into cars): the route to that role (`route(role_id)`), after a sentence saying which role
    it is. None for other questions, or when no role or several fit."""
    own = fold(asked(own_words(question)))
    if not _ASKS_STUDY.search(own):
        return None
    subject = [w for w in topic_words(own, frozenset()) if w not in _ASKING | _STUDY_WORDS]
    found = records.topic_roles(" ".join(subject), MAX_ROLES) if subject else []
    stems = {t for w in subject for t in _singular(w) if len(t) >= 4}  # "autos": "auto"
    titled = [r for r in found if any(t in fold(records.catalog.roles[r].title) for t in stems)]
    roles = titled if len(titled) == 1 else []  # the one role named after it: autotechnicus
    if not roles or (draft := route(roles[0])) is None:
        return None
    if draft.outcome is Outcome.ANSWERED:
        title = records.catalog.roles[roles[0]].title.lower()
        draft.text = f"{texts.SUBJECT_ROLE.format(title=title)}\n\n{draft.text}"
    return draft


def _singular(word: str) -> set[str]:
    """The word and what it may be without a plural ending ("autos", "vliegtuigen")."""
    return {word, *tokenize(word), word.removesuffix("s"), word.removesuffix("en")}


def roles_for_subject(question: str, records: Records) -> Draft | None:
    """The answer listing the roles about the subject, or None when the question is not such a
    question or no role record is about what it names."""
    own = fold(own_words(question))
    if not _ASKS_ROLES.search(own):
        return None
    subject = [w for w in topic_words(own, frozenset()) if w not in _ASKING]
    roles = records.topic_roles(" ".join(subject), MAX_ROLES) if subject else []
    if not roles:
        return None
    draft = Draft(Outcome.ANSWERED)
    lines = [texts.ROLES_FOR_SUBJECT]
    for role_id in roles:
        role = records.catalog.roles[role_id]
        about = first_sentence(" ".join(role.summary.split()))
        lines.append(f"- {role.title}: {about}{draft.cite(records.chunk(role_id, 0))}")
    first = records.catalog.roles[roles[0]].title.lower()
    draft.text = "\n".join(lines) + "\n\n" + texts.ROLES_ASK_MORE.format(title=first)
    return draft


def subject_answer(
    question: str,
    intent: Intent,
    info: QueryInfo,
    records: Records,
    hits: list[Hit],
    region: str | None = None,
) -> Draft | None:
    """For a question naming no role: the roles about what it names ("iets met X, wat kan ik
    worden?"), or the route to the one role named after it ("..., welke opleiding?"; also when
    the pupil's profile made it a profile question: "3 kader M&T en wil aan vliegtuigen
    sleutelen")."""
    draft = roles_for_subject(question, records) if intent is Intent.OTHER else None
    if draft is None and intent in (Intent.OTHER, Intent.PROFILE):

        def route(role_id: str) -> Draft | None:
            routed = Classified(Intent.ROLE_ROUTE, [role_id])
            return structured_answer(question, routed, info, records, hits, region)

        draft = subject_route(question, records, route)
    return draft
