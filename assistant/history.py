"""Turn a follow-up ("en hoeveel verdien je daarmee?") into a question that stands on its own,
so retrieval finds the right passages. The conversation lives only in the pupil's browser tab;
it is passed in per question and never stored.

With a language model the last turns are rewritten by the model (and the result is sanity
checked); without one, or when the model fails, the previous question is added in brackets,
which is what retrieval needs."""

from __future__ import annotations

import logging
import re
from typing import Any

from langchain_core.language_models import BaseChatModel

from assistant.prompt import condense_messages

log = logging.getLogger(__name__)

Turns = list[tuple[str, str]]
# Words that point back into the conversation. "dat" and "die" count only where they cannot be
# a conjunction or a relative pronoun ("Klopt het dat ...", "een monteur die ..."): as the second
# word, at the end, after a person ("waar ik dat kan zien"), or before a noun like "opleiding";
# "hier" points at the place said before ("bedrijven hier in de buurt").
_FOLLOW_UP = re.compile(
    r"^(en|maar|of|ook|dus|stel)\b|\b(dit|daar\w*|er(voor|in|bij|mee|na|van)|hetzelfde|zo'?n|"
    r"hij|zij|ze|hier\w*)\b|^\w+ (dat|die|deze|dit)\b|\b(ik|je|jij|we) (dat|dit)\b|"
    r"\b(dat|die|dit)\W*$|\b(dat|die|deze) (opleiding|studie|beroep|vak|werk|bedrijf|profiel|"
    r"school|baan|diploma|stage)"
    r"|^(wie|wat|wanneer|waar|waarom|hoe|hoeveel) \w+ (dat|die|dit)\b",  # "wie heeft dat ..."
    re.I,
)
# "hoeveel dagen ga je dan naar school?": "dan" as "in that case", not after a comparative
# ("meer dan", "anders dan") and not closing an "als ..." clause ("als ik X wil, moet ik dan ...")
_THEN = re.compile(r"(?<!\S)(?!(?:\w+er|anders|als|dan) dan\b)\w+ dan\b", re.I)
_IF = re.compile(r"\b(als|wanneer|indien)\b", re.I)
_SHORT_PERSONAL = re.compile(r"\b(je|jij|ik)\b", re.I)
_CONDENSED = re.compile(r"^(.*\S) \(([^()]*)\)$", re.S)  # the rule's "<follow-up> (<previous>)"
MAX_TURNS = 4


def as_turns(history: Any) -> Turns:
    """Accept Gradio's message dicts (content a string or a list of parts) or (role, text)
    pairs; keep the last `MAX_TURNS` turns that have text."""
    turns: Turns = []
    for item in history or []:
        if isinstance(item, dict):
            role, content = str(item.get("role", "")), item.get("content", "")
        elif isinstance(item, list | tuple) and len(item) >= 2:
            role, content = item[0], item[1]
        else:  # junk from a script or a stale tab: ignored
            continue
        if isinstance(content, list):
            content = " ".join(
                str(p.get("text", "")) if isinstance(p, dict) else str(p) for p in content
            )
        if role in ("user", "assistant") and isinstance(content, str) and content.strip():
            turns.append((role, content.strip()))
    return turns[-MAX_TURNS:]


def last_answer(history: Any) -> str:
    """The assistant's last answer in the conversation ('' when there is none)."""
    return next((text for role, text in reversed(as_turns(history)) if role == "assistant"), "")


def is_follow_up(question: str, turns: Turns) -> bool:
    if not any(role == "user" for role, _ in turns):
        return False
    words = question.split()
    has_name = any(w[:1].isupper() and i > 0 for i, w in enumerate(words)) or any(
        "-" in w and w[:1].isupper() for w in words
    )
    if has_name:
        return bool(_FOLLOW_UP.search(question))
    short = len(words) <= 2 or (len(words) <= 3 and bool(_SHORT_PERSONAL.search(question)))
    then = bool(_THEN.search(question)) and not _IF.search(question)
    return bool(_FOLLOW_UP.search(question)) or short or then


def condense(question: str, history: Any, llm: BaseChatModel | None = None) -> str:
    turns = as_turns(history)
    if not is_follow_up(question, turns):
        return question
    users = [text for role, text in turns if role == "user"]
    previous = users[-1]
    if len(users) > 1 and is_follow_up(previous, [("user", users[-2])]):
        # "en wat doe je de hele dag?" after "moet je dan hoog klimmen?" after "wat doet een
        # windturbinetechnicus": the turn before was a follow-up too, so it brings its subject
        previous = f"{previous} {users[-2]}"
    if llm is not None:
        try:
            reply = llm.invoke(condense_messages(question, turns))
            rewritten = " ".join(str(reply.content).split()).strip("\"' ")
            if 3 <= len(rewritten) <= 300 and "\n" not in str(reply.content).strip():
                return rewritten
            log.info(
                "condensed question rejected (%d chars); using the simple rule", len(rewritten)
            )
        except Exception as exc:  # a failing model must not stop the answer
            log.warning("condensing with the model failed (%s); using the simple rule", exc)
    return f"{question} ({previous})"


def split_condensed(question: str) -> tuple[str, str]:
    """The pupil's own words and the earlier question of a follow-up the rule condensed
    ("en krijg je dan geld? (wat is bbl)"); `(question, "")` for any other question. What is
    asked comes from the own words, the earlier question says what it is about."""
    found = _CONDENSED.match(question)
    return (found[1], found[2]) if found else (question, "")
