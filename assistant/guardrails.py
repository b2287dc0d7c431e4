"""Input guardrails for minors. They return a `Decision` and fail closed: if checking itself
fails, the request is refused with a neutral text.

Order: self-harm and abuse first (they get help lines, whatever else the text says), then danger,
forged documents, personal contact details, prompt injection, off-topic. Injected instructions
inside an otherwise fine question (``[SYSTEEM: ...]``) are cut off and the question is answered.
`scrub` removes personal data before anything is logged or stored."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from assistant.lexical import fold

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    # ok | self_harm | abuse | danger | forgery | contact | injection | off_topic | error;
    # the Dutch reply for each is assistant.texts.REFUSALS[reason]
    reason: str = "ok"
    text: str = ""  # the question to answer (injected parts removed)


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


SELF_HARM = _rx(
    r"zelfmoord",
    r"suicid",
    r"zelfbeschadig",
    r"mezelf (iets )?(aan ?doen|pijn doen|verwonden|snijden)",
    r"\b(snij|snijd|kras|krab)\w* (ik )?mezelf",
    r"er een eind(e)? aan (te )?maken",
    r"(wil|wil ik) niet meer leven",
    r"\bdood (wil|willen|gaan)\b",
    r"mezelf (van kant|ophangen)",
)
ABUSE = _rx(
    r"\b(slaat|schopt|misbruikt|mishandelt|betast|bedreigt|verkracht)\w* (me|mij)\b",
    r"(seksueel )?misbruik",
    r"mishandel",
    r"aangerand",
    r"huiselijk geweld",
    r"word (steeds |elke dag )?gepest",
)
DANGER = _rx(
    r"\bbom(men)?\b",
    r"explosie(f|ven)",
    r"springstof",
    r"thermiet",
    r"\bvuurwerk (maken|bouwen)",
    r"\b(pistool|geweer|vuurwapen|wapen)s?\b",
    r"\bmes(sen)? (kopen|meenemen)",
    r"gif (maken|mengen)",
    r"vergiftig",
    r"drugs (maken|kopen|verkopen)",
    r"\bhack\w*\b.{0,25}\b(wifi|wachtwoord|account|school|telefoon|systeem|computer) ?(van|op)?",
    r"wachtwoord (kraken|stelen)",
    r"inbreken",
    r"\b(breek|breken|openbreken)\b.*\b(auto|deur|slot)\b",
    r"\b(auto|deur|slot)\b.*\bopen ?breken",
    r"\b(iemand|hem|haar|die \w+)\b.*\bpesten\b",
    r"\bpesten zonder",
    r"in brand (steken|zetten)",
)
FORGERY = _rx(
    r"\b(nep|vals|valse|vervals)\w*",
    r"diploma (maken|op mijn naam)",
    r"\b(maak|schrijf|verzin)\w*\b.*\b(diploma|cijferlijst|stageverklaring|attest|getuigschrift|"
    r"handtekening|doktersverklaring)",
    r"handtekening (namaken|nadoen|zetten van)",
)
CONTACT = _rx(
    r"\b(telefoonnummer|06[- ]?nummer|mobiele? nummer|prive ?adres|huisadres|e-?mail ?adres|"
    r"instagram|snapchat|tiktok) van\b",
)
INJECTION = _rx(
    r"negeer (alle |al je )?(vorige|eerdere|bovenstaande|voorgaande|je) (instructies|regels|opdrachten)",
    r"ignore (all )?(previous|prior|above) (instructions|rules)",
    r"systeem ?prompt",
    r"system ?prompt",
    r"\bje bent (nu|vanaf nu)\b",
    r"\bvanaf nu (ben|praat|antwoord|spreek)",
    r"vergeet (dat je|je "
    r"instructies|je regels|alles)",
    r"jailbreak",
    r"\bdan mode\b",
    r"\bdoe alsof je\b",
    r"\bjij bent nu\b",
)
OFF_TOPIC = _rx(
    r"huiswerk",
    r"\blos op\b",
    r"leesdossier",
    r"boekverslag",
    r"\bsamenvatting van\b",
    r"\bvertaal",
    r"\bcrush\b",
    r"verkering",
    r"\bdaten?\b",
    r"verliefd",
    r"liefdesbrief",
    r"\bzoenen\b",
    r"fortnite",
    r"minecraft",
    r"roblox",
    r"\bfifa\b",
    r"victory royale",
    r"love island",
    r"\brapper\b",
    r"influencer",
    r"\bhoofdstad van\b",
    r"\btoets morgen\b",
    r"\bsnelle? tips? voor gamen",
)
CAREER_WORDS = re.compile(
    r"\b(beroep\w*|baan|banen|werk\w*|opleiding\w*|studie\w*|studeren|profiel\w*|mbo|hbo|wo|stage\w*|"
    r"bedrijf\w*|techni\w*|ontwerp\w*|ingenieur\w*|monteur\w*|developer|programmeur|vakman|decaan)\b"
)
BRACKETED = re.compile(r"\[[^\]]*\]|\{[^}]*\}|<[^>]*>")


def check_input(question: str) -> Decision:
    """Decide whether to answer; never raises (fails closed)."""
    try:
        return _check(question)
    except Exception:  # a bug here must not let an unsafe request through
        log.exception("guardrail check failed; refusing")
        return Decision(False, "error")


def _check(question: str) -> Decision:
    folded = fold(question)
    for reason, pattern in (
        ("self_harm", SELF_HARM),
        ("abuse", ABUSE),
        ("danger", DANGER),
        ("forgery", FORGERY),
        ("contact", CONTACT),
    ):
        if pattern.search(folded):
            return Decision(False, reason)
    text = question
    if INJECTION.search(folded):
        stripped = BRACKETED.sub(" ", question)
        if INJECTION.search(fold(stripped)) or not stripped.strip(" ?.!"):
            return Decision(False, "injection")
        text = " ".join(stripped.split())  # answer the real question, drop the injected part
    if OFF_TOPIC.search(folded) and not CAREER_WORDS.search(folded):
        return Decision(False, "off_topic")
    return Decision(True, "ok", text)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?:\+31|0031|\b0)[\s-]?(?:\d[\s-]?){8,10}\b")
_POSTCODE = re.compile(r"\b\d{4}\s?[A-Za-z]{2}\b")
_NAME = re.compile(r"(?i)\b(ik heet|mijn naam is|ik ben)\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)")
_ADDRESS = re.compile(r"\b[A-Z][a-z]+(?:straat|laan|weg|plein|gracht|singel|dijk|kade)\s+\d+\w?\b")


def scrub(text: str) -> str:
    """Replace personal data (names after 'ik heet', e-mail, phone, postcode, street address)."""
    text = _EMAIL.sub("[e-mail]", text)
    text = _PHONE.sub("[telefoon]", text)
    text = _ADDRESS.sub("[adres]", text)
    text = _POSTCODE.sub("[postcode]", text)
    return _NAME.sub(lambda m: f"{m.group(1)} [naam]", text)
