"""The one Dutch sentence splitter, used by chunking, the extractive answer, the output checks
and streaming: a sentence ends at . ! or ? followed by white space and a capital, a digit, a
quote, an opening bracket or a citation mark — so "ca. drie" and "o.a. de" stay whole."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9À-Þ\"'‘“(\[])")


def split_sentences(text: str) -> list[str]:
    """The sentences of one line or paragraph, stripped, without empty ones."""
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def complete_prefix(text: str) -> str:
    """`text` up to the end of its last complete sentence (or line); '' when there is none.
    What a streaming answer may show while the rest is still being written."""
    ends = [m.start() for m in SENTENCE_END.finditer(text)]
    cut = max([*ends, text.rfind("\n")])
    return text[:cut].rstrip() if cut > 0 else ""
