"""Dutch sentences built from corpus records, with the team's templates in `assistant.texts`.
Used by ingestion (the text that is indexed for a record) and by structured answers (what a
pupil reads), so an answer sentence is backed word for word by the record it cites."""

from __future__ import annotations

from assistant import texts
from assistant.records import Route


def level_phrase(level: str) -> str:
    return texts.LEVEL_PHRASES.get(level, level)


def join_words(items: list[str], last: str = "en") -> str:
    """ "a", "a en b", "a, b en c" (or "a, b of c")."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def education_phrase(route: Route) -> str:
    return texts.EDUCATION_PHRASES[route.education].format(programme=route.programme)


def route_sentences(route: Route) -> list[str]:
    """One route as sentences: where from, which programme, which subjects, the note."""
    sentences = [
        texts.ROUTE_SENTENCE.format(
            level=level_phrase(route.level), education=education_phrase(route)
        ),
        texts.ROUTE_PROFILE.format(profile=route.school_profile),
    ]
    if route.required_subjects:
        subjects = join_words(list(route.required_subjects))
        sentences.append(texts.ROUTE_SUBJECTS.format(subjects=subjects))
    if route.note:
        sentences.append(" ".join(route.note.split()))
    return sentences


def first_sentence(text: str) -> str:
    from assistant.sentences import split_sentences

    parts = split_sentences(" ".join(text.split()))
    return parts[0] if parts else ""
