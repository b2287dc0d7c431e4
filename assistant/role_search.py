"""'ik wil iets met duurzaamheid, wat kan ik worden?': the roles whose records are about what
the pupil names, each with the first sentence of its summary, cited to its record. Only for
a question that asks which jobs there are and names no role itself."""

from __future__ import annotations

import re

from assistant import texts
from assistant.answer import Outcome
from assistant.company_answers import own_words, topic_words
from assistant.drafts import Draft, Records
from assistant.lexical import fold
from assistant.phrasing import first_sentence

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
