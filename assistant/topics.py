"""School topics a pupil names ("NT", "kader", "O&O", "BBL"): which section of which profile
document is about each (corpus/profiles/onderwerpen.yaml), so a question about one profile is
answered from that profile's section and not from the next one; and for a havo/vwo profile the
sentence with its compulsory subjects, from the record, cited to that section."""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

import yaml
from pydantic import ValidationError

from assistant import texts
from assistant.answer_units import cut
from assistant.lexical import fold, tokenize
from assistant.phrasing import join_words, level_phrase
from assistant.records import SchoolTopic, SchoolTopics
from assistant.types import Hit

log = logging.getLogger(__name__)
TOPICS_FILE = "profiles/onderwerpen.yaml"
MAX_TOPICS = 2  # "verschil tussen kader en basis": both sections, no more
_SUBJECTS = re.compile(
    r"\b(vak|vakken|vakkenpakket|verplicht\w*|welke vakken|wat heb je|wat krijg je|"
    r"wiskunde\w*|natuurkunde|scheikunde|biologie|economie|geschiedenis|informatica|nlt)\b"
)


def load_topics(corpus_dir: Path) -> SchoolTopics:
    """The topics of a corpus; none (with a warning) when the file is missing or invalid
    (`techkompas corpus check` says what is wrong, with the line)."""
    path = corpus_dir / TOPICS_FILE
    if not path.exists():
        return SchoolTopics(year=2025, topics=[])
    try:
        return SchoolTopics.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
        log.warning("Skipped %s: %s (run 'techkompas corpus check')", path, exc)
        return SchoolTopics(year=2025, topics=[])


@functools.lru_cache(maxsize=512)
def alias_pattern(alias: str) -> re.Pattern[str]:
    """An alias as pupils type it: "N&T" also matches "NT", "N & T" and "N en T"; whole words
    only, case and accents ignored."""
    parts = [re.escape(p.strip()) for p in fold(alias).split("&")]
    joined = r"\s*(?:&|\ben\b)?\s*".join(parts) if len(parts) > 1 else parts[0]
    joined = joined.replace(r"\ ", r"[\s,-]+")
    return re.compile(rf"(?<![a-z0-9]){joined}(?![a-z0-9])")


def named_topics(question: str, topics: SchoolTopics) -> list[SchoolTopic]:
    """The topics the question names, in the order it names them (at most two)."""
    folded = fold(question)
    found: list[tuple[int, SchoolTopic]] = []
    for topic in topics.topics:
        starts = [m.start() for a in topic.aliases if (m := alias_pattern(a).search(folded))]
        if starts:
            found.append((min(starts), topic))
    found.sort(key=lambda f: f[0])
    return [topic for _, topic in found][:MAX_TOPICS]


def asks_subjects(question: str, topic: SchoolTopic) -> bool:
    """A question after a profile's subjects: "welke vakken", "verplicht", "heb je
    scheikunde bij NT", not "kan ik met EM techniek studeren"."""
    return bool(topic.required) and bool(_SUBJECTS.search(fold(question)))


def subjects_sentences(
    topic: SchoolTopic, year: int, level: str | None, choice: bool = True
) -> str:
    """The compulsory subjects of a profile as the team's sentences (no citation)."""
    template = texts.TOPIC_REQUIRED if len(topic.required) > 1 else texts.TOPIC_REQUIRED_ONE
    subjects = join_words(topic.required)
    lines = [template.format(year=year, name=topic.name, short=topic.short, subjects=subjects)]
    for lv, more in topic.required_by_level.items():
        if level in (None, lv):
            extra = join_words(more)
            lines.append(texts.TOPIC_REQUIRED_LEVEL.format(level=level_phrase(lv), subjects=extra))
    if topic.choice and choice:
        lines.append(texts.TOPIC_CHOICE.format(choice=join_words(topic.choice, "of")))
    return " ".join(lines)


def topic_lead(
    question: str,
    topics: list[SchoolTopic],
    year: int,
    level: str | None,
    hits: list[Hit],
    comparing: bool = False,
) -> tuple[str, list[Hit]]:
    """For "welke vakken heb je bij EM?": the profile's compulsory subjects first, cited to the
    passage of its section that names them all, and only that section's passages after it.
    When two profiles or two leerwegen are compared ("verschil tussen NT en NG", "kader of
    basis", `comparing`): where they differ most, for both, each cited to its own section: a
    profile's compulsory subjects, a leerweg's mbo levels. For any other question: no lead,
    the passages as they are."""
    both = comparing and len(topics) == 2
    if both and all(t.required for t in topics):
        say = functools.partial(_subjects_said, year=year, level=level)
    elif both and all(t.mbo for t in topics):
        say = functools.partial(_mbo_said, year=year)
    elif topics and asks_subjects(question, topics[0]):
        both, say = False, functools.partial(_subjects_said, year=year, level=level)
    else:
        return "", hits
    owns, naming, sentences = [], [], []
    for topic in topics[: 2 if both else 1]:
        own = [h for h in hits if h.section == topic.section and h.source == topic.source]
        own.sort(key=lambda h: int(h.metadata.get("chunk_index", 0)))
        found = next(((h, text) for h in own if (text := say(topic, h))), None)
        if found is None:
            return "", hits
        owns.append(own)
        naming.append(found[0])
        sentences.append(found[1])
    # one topic: its section in order; two: the two passages cited first (both within the
    # passages an answer draws on), then the rest of both sections
    passages = owns[0] if not both else naming + [h for o in owns for h in o if h not in naming]
    cited = [f"{text} [{passages.index(h) + 1}]" for text, h in zip(sentences, naming, strict=True)]
    return " ".join(cited), passages


def _subjects_said(topic: SchoolTopic, hit: Hit, year: int, level: str | None) -> str:
    """The subjects sentences, if `hit` names all the compulsory subjects (else "")."""
    if not _names_all(hit, topic.required):
        return ""
    return subjects_sentences(topic, year, level, _names_all(hit, topic.choice))


def _mbo_said(topic: SchoolTopic, hit: Hit, year: int) -> str:
    """The leerweg's mbo levels as the team's sentence, if `hit` says them (else "")."""
    if not _names_all(hit, [topic.mbo]):
        return ""
    return texts.TOPIC_MBO.format(name=topic.name, short=topic.short, year=year, mbo=topic.mbo)


def _names_all(hit: Hit, subjects: list[str]) -> bool:
    text = fold(hit.text.replace("**", ""))
    return all(fold(s) in text for s in subjects)


# a profile other than N&T (which every route card names) -> how the guides write it
_PROFILES = {
    r"\b(n ?& ?g|ng|natuur en gezondheid)\b": r"N&G",
    r"\b(e ?& ?m|em|economie en maatschappij)\b": r"E&M",
    r"\b(c ?& ?m|cm|cultuur en maatschappij)\b": r"C&M",
}
_GUIDE_WORDS = frozenset(tokenize("welk profiel heb je nodig voor een technische studie opleiding"))
_LEVEL_WORDS = frozenset(tokenize("hbo wo havo vwo mbo vmbo hogeschool universiteit met kan"))
# the guides' paragraphs: "Hbo: ...", "Wo: ...", "Via het mbo: ..."
_LEVEL_LABEL = {"havo": "hbo", "vwo": "wo"}
# a pupil on the vmbo or the mbo goes via the mbo, whatever they name after it ("ik zit op mbo 4
# en wil naar hbo elektrotechniek": the "Via het mbo:" paragraph)
_VIA_MBO = r"\b(mbo\w*|vmbo\w*|mavo|kader\w*|tl|gl|kb|bb|basisberoeps\w*)\b"
_SAYS_LEVEL = {
    "via het mbo": _VIA_MBO,
    "wo": r"\b(wo|uni\w*|tu)\b",
    "hbo": r"\b(hbo|hogeschool\w*)\b",
}
_ASKS_PROFILE = re.compile(r"\bwelk\w* profiel|\bprofiel\w* (heb|moet|nodig|kiez|kies)")


def study_profile_lead(
    question: str, expanded: str, level: str | None, hits: list[Hit]
) -> tuple[str, Hit] | None:
    """For "kan je met NG werktuigbouwkunde doen?": the profile guide's sentence about that
    profile in its section on that study (for a vwo pupil the one in its "Wo:" paragraph); for
    "welk profiel heb je nodig voor werktuigbouwkunde op het hbo?", or when no sentence names
    the pupil's profile: that section's whole "Hbo:" paragraph (or "Wo:"), to go first. The
    study is found in the section's heading, else in the paragraph's first sentence ("ict":
    "Hbo: veel ICT-opleidingen ..." under "technische informatica"). None when the question
    names no other profile than N&T and asks for none, or no guide section fits."""
    folded = fold(question)
    named = next((p for key, p in _PROFILES.items() if re.search(key, folded)), None)
    asks = bool(_ASKS_PROFILE.search(folded) or re.search(_VIA_MBO, folded))
    if named is None and not asks:
        return None
    wanted = next(
        (label for label, said in _SAYS_LEVEL.items() if re.search(said, folded)),
        _LEVEL_LABEL.get(level or ""),
    )
    study = set(tokenize(expanded)) - _GUIDE_WORDS
    guides = [h for h in hits if h.doc_type == "profile"]  # not a profile's own section ("E&M")
    guides = [h for h in guides if not any(re.search(key, fold(h.section)) for key in _PROFILES)]
    for by_heading in (True, False):  # the study in the heading first, else in the paragraph
        for hit in guides:
            if by_heading and not study & set(tokenize(fold(hit.section))):
                continue
            if found := _study_said(hit, named, wanted, None if by_heading else study):
                return found
    return None


def _study_said(
    hit: Hit, named: str | None, wanted: str | None, study: set[str] | None
) -> tuple[str, Hit] | None:
    """The sentence of a guide's study section naming the profile `named` (the one in the
    `wanted` level's paragraph first), else that level's paragraph; with `study`, only when
    the paragraph's first sentence holds a word of it beyond the levels'."""
    units = [u for u in cut(hit, 1) if not u.is_list]
    labels = {u.paragraph: fold(u.text).split(":")[0] for u in units if ":" in u.text[:14]}
    paragraph = next((p for p, label in labels.items() if label == (wanted or "hbo")), None)
    said = [u for u in units if u.paragraph == paragraph]
    if study is not None and not (said and study & set(tokenize(said[0].text)) - _LEVEL_WORDS):
        return None
    naming = [u for u in units if named and re.search(named, u.text)]
    naming.sort(key=lambda u: labels.get(u.paragraph) != wanted)  # stable: else the first
    if naming:
        return naming[0].text, hit
    return (" ".join(u.text for u in said), hit) if said else None
