"""The paragraph an answer from the documents opens with, when the question points at one, and
the passages the rest of the answer is drawn from. In order: a profile's compulsory subjects
or two topics compared (`topics.topic_lead`); the profile guide's sentence on a study for the
profile or school the pupil names (`topics.study_profile_lead`); for "wat is X?" naming one
school topic, the opening of X's section ("wat is NT?": the N&T section, not a report's figure
caption that says "(NT)"); the paragraph on a step between two kinds of school
(`school_steps`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from assistant.answer_units import cut, said_whole
from assistant.comparison import Names, both_topics
from assistant.history import split_condensed
from assistant.lexical import fold
from assistant.lookups import drawn_on
from assistant.question_shapes import ASKS_MEANING
from assistant.records import SchoolTopic
from assistant.school_steps import Sections, kinds_in, school_step, step_passage
from assistant.topics import alias_pattern, study_profile_lead, topic_lead
from assistant.types import Hit

MAX_WORDS = 90  # the opening paragraph, cut at a sentence


def answer_lead(
    question: str,
    topics: list[SchoolTopic],
    hits: list[Hit],
    pupil: tuple[str, str | None, int],  # the expanded question, the pupil's level, the year
    limit: int,
    steps: Callable[[str], Any],
    compared: tuple[Names, Names] | None = None,
    sections: Sections | None = None,
) -> tuple[str, list[Hit]]:
    """The lead (with its [n]; "" for none) and the passages the answer is drawn from.
    `compared`: the two things a "verschil tussen X en Y" question compares; `sections`: a
    section's chunks in order (`school_steps.step_lead`)."""
    expanded, level, year = pupil
    comparing = both_topics(compared)
    lead, passages = topic_lead(question, topics, year, level, hits, comparing=comparing)
    drawn = drawn_on(question, passages, limit)
    if lead:
        return lead, drawn
    study = study_profile_lead(question, expanded, level, drawn)  # "ik heb EM, kan ik ..."
    asked_step = school_step(question)
    to = asked_step[1] if asked_step else None
    if study and (to is None or to in {kind for _, kind in kinds_in(study[0])}):
        return f"{study[0]} [{drawn.index(study[1]) + 1}]", drawn  # not "naar de uni": the hbo
    opening = None if compared else opening_lead(question, topics, passages)
    if opening:  # "wat is NT?": only its section
        return f"{opening[0]} [1]", opening[1][:limit]
    if found := step_passage(question, passages, steps, sections):  # "van mbo naar hbo"
        first = [found[1], *(h for h in drawn if h.chunk_id != found[1].chunk_id)]
        return f"{found[0]} [1]", first[:limit]
    return "", drawn


def opening_lead(
    question: str, topics: list[SchoolTopic], passages: list[Hit]
) -> tuple[str, list[Hit]] | None:
    """For "wat is X?" naming one school topic: the first paragraph of its section when that
    names the topic by its name ("In het profiel Natuur en Techniek ..."), else the first that
    names what the question says ("wat is bbl": the BBL paragraph of "BOL en BBL"; a deficiëntie
    under "Later toch van vak wisselen"), else the first; and the section's passages from that
    one on. None for other questions or when the passages lack the section."""
    own = split_condensed(question)[0]  # a follow-up's earlier "wat is O&O?" is not asked now
    if len(topics) != 1 or not ASKS_MEANING.search(own):
        return None
    topic = topics[0]
    section = [h for h in passages if (h.source, h.section) == (topic.source, topic.section)]
    section.sort(key=lambda h: int(h.metadata.get("chunk_index", 0)))
    cuts = [[u for u in cut(hit, 1) if not u.is_list] for hit in section]  # each passage once
    paragraphs = [
        (n, [u for u in units if u.paragraph == p])
        for n, units in enumerate(cuts)
        for p in sorted({u.paragraph for u in units})
    ]
    if not paragraphs:
        return None
    names = [alias_pattern(n) for n in (topic.name, topic.short, *topic.aliases)]
    said = [r for r in names if r.search(fold(own))] or names
    texts = [fold(" ".join(u.text for u in units)) for _, units in paragraphs]
    naming = [i for i, text in enumerate(texts) if any(r.search(text) for r in said)]
    at = 0 if names[0].search(texts[0]) else (naming or [0])[0]
    n, units = paragraphs[at]
    return said_whole(units, MAX_WORDS), section[n:]
