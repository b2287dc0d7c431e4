"""Dutch text cleaning that survives real PDF and web extraction damage.

`clean_blocks(text)` returns paragraphs and headings. In order: NFC, U+FFFD, soft hyphens;
words split at a line end without a hyphen in text whose wrapped lines end with a space
(`een onder\\nzoeksopdracht`); "a blank line after every line" (not in web text with a paragraph
per line); table-of-contents leaders, page numbers, running headers/footers at page edges; web
navigation, teasers and chrome (view counters, reading times, share/print/cookie lines, the date
above an article); paragraphs cut mid-sentence or mid-word by a blank line or page mark
(`be-\\n\\ndrijven`); line joins (`daadwerke-\\nlijk` joined; `Jet-\\nNet`, `2011-\\n2012`,
`bèta-\\nen`, `vo-\\nscholen` keep their hyphen); headings, also inside double-spaced text;
fused footnote numbers (`techniek2`) and the numbers before footnotes (`5  Het ...`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import reduce

from ingest.page_chrome import PAGE_MARK, TOC_LEADER, drop_boilerplate

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_LIST_ITEM = re.compile(r"^\s*(?:[-•*]|\d{1,2}[.)])\s+\S")
_KEEP_HYPHEN_BEFORE = {"en", "of", "tot", "noch", "als"}
# Words that end an unfinished line ("... van de"), and words that never start a compound.
_DANGLING = {"de", "het", "een", "en", "of", "van", "voor", "met", "in", "op", "aan", "te", "tot"}
_DANGLING |= {"door", "bij", "naar", "om", "uit", "over", "the", "and", "a", "to"}
_NO_COMPOUND_HEAD = {"de", "het", "een", "en", "of", "maar", "dat", "die", "dit", "deze", "als"}
_VOWEL_CLASH = {"aa", "ee", "ii", "oo", "uu", "ie", "ei", "eu", "oe", "ou", "ui", "au"}
_FOOTNOTE = re.compile(r"\b([A-ZÀ-Þa-zà-ÿ][a-zà-ÿ]{4,})(\d{1,2})\b")  # not "CO2", "Nask1"
# a footnote at the foot of a page: its number, two spaces, its text ("5  Het Techniekpact is")
_FOOTNOTE_LINE = re.compile(r"^\s*\d{1,2} {2,}(?=[A-ZÀ-Þ])")
_END_PUNCT = (".", ",", ":", ";", "?", "!", "-", "–")
_SECTION_NUMBER = re.compile(r"^\d{1,2}(\.\d{1,2})*\.?\s+(?=[A-Z])")
_CAPTION = re.compile(r"^(figuur|tabel|grafiek|bijlage|bron)\b", re.I)
_CLOSING = "’”\"')]"
_GLUE = "\u2060"  # WORD JOINER at a line end: "this line break is inside a word"
# C0/C1 control characters but tab and newline; lone surrogates (from a broken decoder)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


@dataclass(frozen=True)
class Block:
    text: str
    heading: bool = False


def normalise(text: str) -> str:
    """NFC, unified newlines, no soft hyphens, ligatures, control characters (a space each, so
    line numbers stay) or replacement-character runs."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\t", " ")
    text = text.replace(_GLUE, "")
    for lig, plain in _LIGATURES.items():
        text = text.replace(lig, plain)
    return text


def _mark_split_words(lines: list[str]) -> list[str]:
    """Mark line ends inside a word, in text whose wrapped lines end with a space: there, a
    missing space (`de kennis\\nuitwisseling`) means the extractor dropped a hyphen."""
    following, after = [""] * len(lines), ""
    for i in range(len(lines) - 1, -1, -1):
        following[i] = after
        after = lines[i] if lines[i].strip() else after
    ends = [
        (i, line.endswith(" "))
        for i, line in enumerate(lines)
        if re.search(r"[^\W\d_] *$", line) and following[i].lstrip()[:1].islower()
    ]
    spaced = sum(flag for _, flag in ends)
    if spaced < 20 or spaced < 0.8 * len(ends):
        return lines
    counts = Counter(w.lower() for line in lines for w in _WORD.findall(line))
    out = list(lines)
    for i, spaced_end in ends:
        if not spaced_end and _is_split_word(lines[i], following[i], counts):
            out[i] = lines[i] + _GLUE
    return out


def _is_split_word(left: str, right: str, counts: Counter[str]) -> bool:
    head = re.search(r"(?:^|[\s‘'\"(])([^\W\d_]+)$", left)
    tail = re.match(r"\s*([^\W\d_]+)(?=[\s,.;:!?)’'\"]|$)", right)
    if not head or not tail or re.search(r"\S {2,}\S", f"{left.strip()}\n{right.strip()}"):
        return False  # columns of a flattened table
    a, b = head.group(1).lower(), tail.group(1).lower()
    if a in _NO_COMPOUND_HEAD or b in _KEEP_HYPHEN_BEFORE:
        return False  # "Monitoring en\nbenchmarking" is a two-line heading
    # the document knows the joined word, or the tail is no word of its own, or the line is a
    # full-width text line (a short one without a space may be a heading: "Regionale\nsamen...")
    return counts[a + b] > 0 or counts[b] <= 1 or len(left.strip()) >= 40


def _collapse_double_spacing(lines: list[str]) -> list[str]:
    """Undo "a blank line after every line" (then a blank-only line is a paragraph break)."""
    text_lines = [i for i, line in enumerate(lines[:-1]) if line.strip()]
    if len(text_lines) < 8:
        return lines
    if sum(len(lines[i]) > 150 for i in text_lines) > 0.05 * len(text_lines):
        return lines  # one paragraph per line (web text): the blank lines are paragraph breaks
    followed_by_blank = sum(1 for i in text_lines if lines[i + 1] == "")
    if followed_by_blank / len(text_lines) < 0.7:
        return lines
    out: list[str] = []
    skipped = False
    for i, line in enumerate(lines):
        skipped = not line and i > 0 and not skipped  # exactly one empty line after each line
        out += [] if skipped else [line]
    return out


def _vocabulary(lines: list[str]) -> set[str]:
    """Words the document itself uses (lower-case), for repairing split words; "vo-" means
    the document writes compounds starting with "vo-"."""
    vocab: set[str] = set()
    for line in lines:
        for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", line.lower()):
            vocab.add(word)
            if "-" in word:
                vocab.add(word.split("-")[0] + "-")
    return vocab


def _join_hyphenated(left: str, right: str, vocab: set[str]) -> str | None:
    """Join lines broken after a hyphen: `daadwerke-|lijk` loses it, `Jet-|Net` keeps it."""
    head = re.search(r"([^\W_]+)-$", left)
    tail = re.match(r"[^\W_]+", right)
    if left.endswith(" -") or not head or not tail:
        return None
    a, b = head.group(1), tail.group(0)
    if b.lower() in _KEEP_HYPHEN_BEFORE:
        return f"{left} {right}"  # "bèta- en techniek"
    if a[-1].isdigit() or b[0].isdigit() or b[0].isupper() or (len(a) > 1 and a.isupper()):
        return left + right  # "2011-2012", "Jet-Net", "MBB-scholen"
    joined, kept = f"{a}{b}".lower(), f"{a}-{b}".lower()
    if joined in vocab and kept not in vocab:
        return left[:-1] + right  # "be-drijf" where the document writes "bedrijf"
    if (
        kept in vocab
        or f"{a.lower()}-" in vocab  # "vo-scholen" where the document writes "vo-ho"
        or (len(a) <= 3 and len(b) <= 3)  # "po-vo"
        or (a[-1] + b[0]).lower() in _VOWEL_CLASH  # "mbo-opleiding"
    ):
        return left + right
    return left[:-1] + right  # "daadwerke-lijk" -> "daadwerkelijk"


def _join(left: str, right: str, vocab: set[str]) -> str:
    """Join two consecutive lines of one paragraph; a list item keeps its own line."""
    if _LIST_ITEM.match(right) and (left.endswith(":") or _LIST_ITEM.match(left.split("\n")[-1])):
        return f"{left}\n{right}"
    if left.endswith(_GLUE):
        return left[:-1] + right  # "onder" + "zoeksopdracht"
    hyphenated = _join_hyphenated(left, right, vocab) if left.endswith("-") and right else None
    if hyphenated is not None:
        return hyphenated
    last = re.search(r"([^\W\d_]+)$", left)
    first = re.match(r"([^\W\d_]+)", right)
    if last and first and first.group(1)[0].islower():
        a, b = last.group(1), first.group(1)
        joined = (a + b).lower()
        if len(joined) >= 8 and joined in vocab and not {a.lower(), b} & _DANGLING:
            return left + right  # "Werk" + "gelegenheid" where the text has "werkgelegenheid"
    return f"{left} {right}"


def _continues(last: str, first: str) -> bool:
    """Whether a paragraph starting with line `first` finishes the one ending with `last`."""
    if not first[:1].isalnum():
        return False  # a bullet, a quote: something new starts
    if last.endswith(_GLUE) or re.search(r"[^\W\d_]-$", last):
        return True  # "docen-" + "ten", "Jet-" + "Net"
    word = re.search(r"([^\W\d_]+)$", last)
    if word and word.group(1).lower() in _DANGLING:
        return True  # "... van de" + "Klas"
    return first[0].islower() and not last.rstrip(_CLOSING).endswith((".", "!", "?", ":", ";"))


def _paragraphs(lines: list[str]) -> list[list[str]]:
    """Lines grouped into paragraphs (page marks on their own); a paragraph cut in mid-sentence
    by a blank line or a page break is joined again, and the page mark moves behind it."""
    groups: list[list[str]] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line and not line.startswith(PAGE_MARK):
            current.append(line)
            continue
        groups += [current] if current else []
        groups += [[line]] if line else []
        current = []
    out: list[list[str]] = []
    held: list[list[str]] = []  # page marks inside a paragraph that goes on
    for group in groups:
        if group[0].startswith(PAGE_MARK):
            held.append(group)
        elif out and _continues(out[-1][-1], group[0]):
            out[-1] = out[-1] + group
        else:
            out += [*held, group]
            held = []
    return out + held


def _looks_like_heading(line: str, previous: str, following: str) -> bool:
    words = _SECTION_NUMBER.sub("", line).split()  # "2.3 Speerpunt 2: ..."
    return (
        0 < len(line) <= 70
        and not line.endswith(_END_PUNCT)
        and words[0][0].isupper()
        and (not previous or previous.rstrip(_CLOSING).endswith((".", "?", "!", ":")))
        and (following[:1].isupper() or following.startswith("•"))
        and len(words) <= 9
        and words[-1].lower() not in _DANGLING  # "Yvonne van Rooy, voorzitter van de"
        and not _CAPTION.match(line)  # "Figuur 11: ..." labels a figure, not a section
        and not (len(words) > 1 and all(w[0].isupper() for w in words))  # "Po Vo Totaal"
        and sum(bool(re.fullmatch(r"[\d.,%]+", w)) for w in words) < 2  # a table row
    )


def clean_blocks(text: str) -> list[Block]:
    """Turn extracted text into clean paragraphs and headings."""
    lines = [
        re.sub(r"\s*\ufffd[\ufffd\s]*", " ", line)
        if "\ufffd" in line and not TOC_LEADER.search(line)
        else line
        for line in normalise(text).split("\n")
    ]
    lines = [_FOOTNOTE_LINE.sub("", line) for line in lines]  # its text stays, not "5 Het ..."
    lines = [line.rstrip() for line in _mark_split_words(lines)]
    lines = drop_boilerplate(_collapse_double_spacing(lines))
    vocab = _vocabulary(lines)
    short = _short_line(lines)
    blocks: list[Block] = []
    groups = _paragraphs(lines)
    for n, group in enumerate(groups):
        previous = next((b.text for b in reversed(blocks) if b.text[:1] != PAGE_MARK), "")
        blocks += _group_blocks(group, previous, _next_body(groups, n), short, vocab)
    return [b for b in blocks if b.text]


def _short_line(lines: list[str]) -> int:
    """In wrapped text (not web text with a paragraph per line), a line this short after a
    sentence end inside a paragraph may be a heading (double-spaced text has no blank line
    before its headings)."""
    widths = sorted(len(line) for line in lines if line)
    if not widths or widths[-1] > 150:
        return 0
    return int(0.6 * widths[3 * len(widths) // 4])


def _group_blocks(
    group: list[str], previous: str, after: str, short: int, vocab: set[str]
) -> list[Block]:
    """One paragraph's blocks: its text, split at the headings found at its start or inside it."""
    blocks: list[Block] = []
    start = 0
    for i, line in enumerate(group):
        following = group[i + 1] if i + 1 < len(group) else (after if i == 0 else "")
        if (i == 0 or len(line) <= short) and _looks_like_heading(
            line, group[i - 1] if i else previous, following
        ):
            blocks += [_paragraph(group[start:i], vocab)] if i > start else []
            blocks.append(Block(_finish(line), heading=True))
            start = i + 1
    return blocks + ([_paragraph(group[start:], vocab)] if start < len(group) else [])


def _paragraph(lines: list[str], vocab: set[str]) -> Block:
    return Block(_finish(reduce(lambda text, line: _join(text, line, vocab), lines)))


def _next_body(groups: list[list[str]], n: int) -> str:
    """The paragraph after a one-line paragraph, if it is long enough to be a section's text."""
    after = next((g for g in groups[n + 1 :] if not g[0].startswith(PAGE_MARK)), [])
    return after[0] if sum(len(line) for line in after) >= 200 else ""


def _finish(text: str) -> str:
    text = _FOOTNOTE.sub(r"\1", text)
    text = text.replace("\ufffd", "").replace(_GLUE, "")
    return "\n".join(re.sub(r"\s{2,}", " ", line).strip() for line in text.split("\n")).strip()


def clean_text(text: str) -> str:
    """Clean text as paragraphs separated by blank lines (headings included)."""
    return "\n\n".join(block.text for block in clean_blocks(text))
