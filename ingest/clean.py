"""Dutch text cleaning that survives real PDF and web extraction damage.

`clean_blocks(text)` returns paragraphs and headings. It handles, in this order:
NFC normalisation, U+FFFD and soft hyphens, "a blank line after every line", table-of-contents
leaders, page numbers and running headers/footers, web navigation and teaser blocks, line joins
(hyphenated breaks joined, real hyphens kept: `Jet-\\nNet`, `2011-\\n2012`, `bèta-\\nen`), words
split without a hyphen where the document itself shows the joined word, and fused footnote
numbers (`techniek2`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_TOC_LEADER = re.compile(r"(\.{4,}|…{2,}|(\s*\ufffd\s*){3,})\s*\d{1,3}\s*$")
_PAGE_NUMBER = re.compile(r"^\s*(-\s*)?(pagina\s+)?\d{1,3}(\s*(van|/)\s*\d{1,3})?(\s*-)?\s*$", re.I)
_NAV_LINES = {"lees meer", "terug naar overzicht", "delen", "print", "deel dit artikel", "menu"}
_TEASER_HEADERS = {
    "populaire artikelen",
    "meer nieuws",
    "gerelateerde artikelen",
    "lees ook",
    "ook interessant",
    "meer artikelen",
    "gerelateerd nieuws",
}
_KEEP_HYPHEN_BEFORE = {"en", "of", "tot", "noch", "als"}
_FOOTNOTE = re.compile(r"\b([a-zà-ÿ]{3,})(\d{1,2})\b")
_END_PUNCT = (".", ",", ":", ";", "?", "!", "-", "–")
PAGE_MARK = "\u241e"  # loaders put "␞<page>" lines between pages; cleaning keeps them
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


@dataclass(frozen=True)
class Block:
    text: str
    heading: bool = False


def normalise(text: str) -> str:
    """NFC, unified newlines, no soft hyphens, ligatures or replacement-character runs."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\t", " ")
    for lig, plain in _LIGATURES.items():
        text = text.replace(lig, plain)
    return text


def _collapse_double_spacing(lines: list[str]) -> list[str]:
    """Undo "a blank line after every line" (then a blank-only line is a paragraph break)."""
    text_lines = [i for i, line in enumerate(lines[:-1]) if line.strip()]
    if len(text_lines) < 8:
        return lines
    followed_by_blank = sum(1 for i in text_lines if lines[i + 1] == "")
    if followed_by_blank / len(text_lines) < 0.7:
        return lines
    out: list[str] = []
    skip = False
    for i, line in enumerate(lines):
        if skip:
            skip = False
            continue
        out.append(line)
        if i + 1 < len(lines) and lines[i + 1] == "":
            skip = True  # drop exactly one empty line after each line
    return out


def _drop_boilerplate(lines: list[str]) -> list[str]:
    stripped = [line.strip() for line in lines]
    shapes = Counter(re.sub(r"\d+", "#", s).lower() for s in stripped if s)
    out: list[str] = []
    for raw, line in zip(lines, stripped, strict=True):
        low = line.lower().strip(" •·-–:")
        if line and low in _TEASER_HEADERS and len(out) > 5:
            break  # everything after "Populaire artikelen" etc. is teasers for other pages
        shape = re.sub(r"\d+", "#", line).lower()
        if not line or line.startswith(PAGE_MARK):
            out.append(line)
        elif _TOC_LEADER.search(line) or _PAGE_NUMBER.match(line) or low in _NAV_LINES:
            continue
        elif line.startswith(("•", "·")) and len(line.split()) <= 5:
            continue  # navigation bullets of web pages
        elif ("#" in shape and shapes[shape] >= 3 and len(line) <= 80) or (
            shapes[shape] >= 5 and len(line) <= 40
        ):
            continue  # running page header/footer (page number varies) or repeated nav text
        else:
            out.append(raw.strip())
    return out


def _vocabulary(lines: list[str]) -> set[str]:
    """Words the document itself uses (lower-case), for repairing split words."""
    vocab: set[str] = set()
    for line in lines:
        vocab.update(w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", line))
    return vocab


def _join(left: str, right: str, vocab: set[str]) -> str:
    """Join two consecutive lines of one paragraph."""
    if left.endswith("-") and not left.endswith(" -") and right:
        head = re.search(r"([^\W_]+)-$", left)
        tail = re.match(r"[^\W_]+", right)
        if head and tail:
            a, b = head.group(1), tail.group(0)
            if b.lower() in _KEEP_HYPHEN_BEFORE:
                return f"{left} {right}"  # "bèta- en techniek"
            if a[-1].isdigit() or b[0].isdigit() or b[0].isupper() or len(a) <= 2:
                return left + right  # "2011-2012", "Jet-Net", "po-vo"
            if f"{a}-{b}".lower() in vocab and f"{a}{b}".lower() not in vocab:
                return left + right
            return left[:-1] + right  # "daadwerke-lijk" -> "daadwerkelijk"
    last = re.search(r"([^\W\d_]+)$", left)
    first = re.match(r"([^\W\d_]+)", right)
    if last and first and first.group(1)[0].islower():
        joined = (last.group(1) + first.group(1)).lower()
        if len(joined) >= 8 and joined in vocab:
            return left + right  # "Werk" + "gelegenheid" where the text has "werkgelegenheid"
    return f"{left} {right}"


def _looks_like_heading(line: str, previous: str, following: str) -> bool:
    return (
        0 < len(line) <= 70
        and not line.endswith(_END_PUNCT)
        and line[0].isupper()
        and (not previous or previous.endswith((".", "?", "!", ":")))
        and bool(following)
        and following[0].isupper()
        and len(line.split()) <= 9
    )


def clean_blocks(text: str) -> list[Block]:
    """Turn extracted text into clean paragraphs and headings."""
    lines = [line.rstrip() for line in normalise(text).split("\n")]
    lines = [
        re.sub(r"\s*\ufffd[\ufffd\s]*", " ", line)
        if "\ufffd" in line and not _TOC_LEADER.search(line)
        else line
        for line in lines
    ]
    lines = _collapse_double_spacing(lines)
    lines = _drop_boilerplate(lines)
    vocab = _vocabulary(lines)
    blocks: list[Block] = []
    current = ""
    for i, line in enumerate(lines):
        if not line:
            if current:
                blocks.append(Block(_finish(current)))
            current = ""
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not current and _looks_like_heading(line, blocks[-1].text if blocks else "", nxt):
            blocks.append(Block(_finish(line), heading=True))
            continue
        current = _join(current, line, vocab) if current else line
    if current:
        blocks.append(Block(_finish(current)))
    return [b for b in blocks if b.text]


def _finish(text: str) -> str:
    text = _FOOTNOTE.sub(r"\1", text)
    text = text.replace("\ufffd", "")
    return re.sub(r"\s{2,}", " ", text).strip()


def clean_text(text: str) -> str:
    """Clean text as paragraphs separated by blank lines (headings included)."""
    return "\n\n".join(block.text for block in clean_blocks(text))
