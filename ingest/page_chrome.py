"""Page furniture and web chrome that is not text: table-of-contents leaders, page numbers,
running headers and footers at page edges, navigation, teasers, share/print/cookie lines, view
counters and reading times, the date above a web article. Used by `ingest.clean`."""

from __future__ import annotations

import re
from collections import Counter

PAGE_MARK = "\u241e"  # loaders put "␞<page>" lines between pages; cleaning keeps them
TOC_LEADER = re.compile(r"(\.{4,}|…{2,}|(\s*\ufffd\s*){3,})\s*\d{1,3}\s*$")
PAGE_NUMBER = re.compile(r"^\s*(-\s*)?(pagina\s+)?\d{1,3}(\s*(van|/)\s*\d{1,3})?(\s*-)?\s*$", re.I)
_NAV_LINES = {"lees meer", "terug naar overzicht", "delen", "print", "deel dit artikel", "menu"}
_TEASER_HEADERS = {"populaire artikelen", "meer nieuws", "gerelateerde artikelen", "lees ook"}
_TEASER_HEADERS |= {"ook interessant", "meer artikelen", "gerelateerd nieuws"}
_COUNTER = re.compile(
    r"[\s|·•–-]*\b\d[\d.]*\s*(keer\s+(bekeken|gelezen|gedeeld)|x\s+bekeken|views|weergaven"
    r"|(min\.?|minuten?)\s+leestijd)\b|[\s|·•–-]*\bleestijd:?\s*\d+\s*(min\.?|minuten?)",
    re.I,
)
_SHARE = re.compile(
    r"^(deel|delen|share|print|afdrukken|mail|e-mail) (dit|deze|via|op|naar)\b"
    r"|^((facebook|twitter|linkedin|whatsapp|e-?mail|print|x)[\s,|/·•]*){2,}$",
    re.I,
)
_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
_DATE_LINE = re.compile(
    rf"^([^\W\d_]+\s*[-–|]\s*)?(\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}|\d{{1,2}}\s+({_MONTHS})\s+\d{{4}})$",
    re.I,
)


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line).lower()


def _strip_chrome(line: str) -> str:
    """A short line without view counters or reading times ("30-11-2017 - 163 keer bekeken");
    a sentence that mentions them ("Het filmpje is 163 keer bekeken.") stays whole."""
    if len(line) > 80 or not _COUNTER.search(line):
        return line
    rest = _COUNTER.sub("", line).strip(" |·•–-")
    return rest if len(rest.split()) <= 2 or _DATE_LINE.match(rest) else line


def _is_boilerplate(line: str, shapes: Counter[str], page_top: bool, page_edge: bool) -> bool:
    low = line.lower().strip(" •·-–:")
    shape = _shape(line)
    repeated = page_edge and (
        ("#" in shape and shapes[shape] >= 3 and len(line) <= 80)  # running header/footer
        or (shapes[shape] >= 5 and len(line) <= 40)  # repeated page furniture
    )
    return repeated or bool(
        TOC_LEADER.search(line)
        or PAGE_NUMBER.match(line)
        or low in _NAV_LINES
        or (len(line.split()) <= 6 and _SHARE.match(low) and not line.endswith("."))
        or ("cookie" in low and len(line.split()) <= 30)
        or (page_top and _DATE_LINE.match(line))  # a web page's date above the article
        or (line.startswith(("•", "·")) and len(line.split()) <= 5)  # web navigation bullets
    )


def _page_edges(lines: list[str]) -> set[int]:
    """Indices of the first and last two text lines of each page, where running headers and
    footers live (a repeated table row or subheading elsewhere is text)."""
    text = [i for i, line in enumerate(lines) if line]
    marks = [k for k, i in enumerate(text) if lines[i][:1] == PAGE_MARK]
    breaks = marks + [k for k, i in enumerate(text) if PAGE_NUMBER.match(lines[i])]
    edges = [k + d for k in (-1, *breaks, len(text)) for d in (-2, -1, 1, 2)]
    return {text[k] for k in edges if 0 <= k < len(text)}


def drop_boilerplate(lines: list[str]) -> list[str]:
    stripped = [_strip_chrome(line.strip()) for line in lines]
    shapes = Counter(_shape(s) for s in stripped if s)
    # web text has one paragraph per line: lines above the first long one are page chrome
    body = next((i for i, line in enumerate(stripped) if len(line) > 150), 0)
    edges = _page_edges(stripped)
    out: list[str] = []
    for i, line in enumerate(stripped):
        if line and line.lower().strip(" •·-–:") in _TEASER_HEADERS and len(out) > 5:
            break  # everything after "Populaire artikelen" etc. is teasers for other pages
        text = bool(line) and not line.startswith(PAGE_MARK)
        if not text or not _is_boilerplate(line, shapes, i < body, i in edges):
            out.append(line)
    return out
