"""The shape of a pupil's question, as the answer builder reads it: whether it asks what
something is ("wat is X?"), why, whether ("mag ik ...?"), for a list ("welke ..."), or where to
go ("naar het hbo"); and which sentences fit that shape (one that defines X, gives a cause, or
goes where the question goes)."""

from __future__ import annotations

import re

from assistant.answer_units import DEFINES, tokens_of

ENUMERATES = re.compile(r"\b(welke|wat zijn|noem|wat leer je|wat doe je|wat moet)\b", re.I)

# a yes/no question opens with its verb: "mag ik ...?", "ik zit op de mavo, kan ik ...?"
ASKS_WHETHER = re.compile(r"(^|[,.?!]\s*|\bof )(kan|kun|mag|moet) (ik|je|jij)\b", re.I)
# where a question goes: "kun je na het mbo naar het hbo", "naar mbo 4"
TOWARDS_RE = re.compile(r"\bnaar (?:het |de |een )?([a-z]+)", re.I)
ASKS_WHY = re.compile(r"\b(waarom|hoe komt (het|dat)|wat is de reden|oorzaak|hoe kwam)\b", re.I)
GIVES_CAUSE = re.compile(
    r"\b(omdat|doordat|want|reden\w*|oorzaa?k\w*|veroorzaakt|vanwege|dankzij|"
    r"((komt|kwam|kwamen|komen) |vooral |onder meer |deels |mede )door|verklaard door|"
    r"te danken aan|(ligt|lag) aan|gezien de)\b",
    re.I,
)
THEREFORE = re.compile(r"\b(daarom|daardoor|hierdoor|dus)\b", re.I)  # the cause came before
# the pupil's own situation ("ik zit op het vmbo", "zit in 4 havo"): context, not what is asked
SITUATION = re.compile(
    r"\b(ik )?(zit|zat) (nu |zelf |zelf nog |nog )?(op|in) (het |de )?(\d )?[\w-]+( \d)?"
    r"( (tl|gl|kb|bb|kader\w*|basis\w*|gemengde|theoretische))?\b",  # "op vmbo tl"
    re.I,
)


# words of a question that ask, but name nothing ("wat houdt dat in?", "hoe zit dat?")
_ONLY_ASKING = frozenset(tokens_of("houdt betekent precies zit zitten eigenlijk nou echt werkt"))


def asked(question: str) -> str:
    """What the question asks, without the pupil's own situation when it names something else:
    "ik zit op vmbo tl, hoe word ik later ingenieur?" asks about ingenieur, "ik zit op vmbo
    kader, wat is technet?" about TechNet, not the leerweg; "ik zit op de tl, wat houdt dat
    in?" is about the TL."""
    rest = SITUATION.sub(" ", question)
    return rest if set(tokens_of(rest)) - _ONLY_ASKING else question


ASKS_MEANING = re.compile(r"\bwat (is|zijn|betekent|houdt)\b", re.I)  # not "wat doet"
ASKS_WHAT = re.compile(
    r"\b(wat|wie) (is|zijn|betekent|doet|houdt)\b|\bwat voor\b|\bhoe (werkt|werken)\b", re.I
)


def goes(text: str, towards: str) -> int:
    """1 when the text goes "naar" `towards` ("naar klas 4 van de havo" for "havo", "naar de
    universiteit" for "uni"), -1 when it goes from there to somewhere else ("met mbo-niveau 4
    kun je naar het hbo" for "mbo"), else 0."""
    words = re.findall(r"\w+", text.lower())
    after = [i for i, w in enumerate(words) if w == "naar"]
    if any(w.startswith(towards) for i in after for w in words[i + 1 : i + 6]):
        return 1
    return -1 if after and any(w.startswith(towards) for w in words[: after[0]]) else 0


def towards(question: str) -> str:
    """Where the question asks to go: "hbo" in "kan ik na het mbo naar het hbo?" ("" if not)."""
    found = TOWARDS_RE.search(question)
    return found[1].lower() if found and len(found[1]) >= 2 else ""


def defines(sentence: str, subject: set[str]) -> bool:
    """'Jet-Net is een netwerk ...', 'Een Associate degree (kort: Ad) is ...': the asked-about
    X in the words before the defining verb, which comes within the first four words (what is
    in brackets aside); not 'Een Ad kan een goede keuze zijn ...'."""
    verb = DEFINES.search(sentence)
    if verb is None:
        return False
    head = sentence[: verb.start()]
    return len(re.sub(r"\([^)]*\)", " ", head).split()) <= 3 and bool(
        subject & set(tokens_of(head))
    )


def subject_of(question: str) -> set[str]:
    """X in "wat is (een) X ...?" or "hoe werkt X?" (its stemmed words), or nothing for other
    questions."""
    found = ASKS_WHAT.search(question)
    if not found:
        return set()
    rest = question[found.end() :].split("?")[0]
    return set(tokens_of(" ".join(rest.split()[:3])))


def asks_what(question: str) -> bool:
    """ "wat is X?", "wat doet X?", "hoe werkt X?": a question for what X is."""
    return bool(ASKS_WHAT.search(question))
