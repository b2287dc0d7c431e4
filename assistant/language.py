"""Is a text Dutch? A small stop-word vote, good enough to catch a model that switched to
English (used by the output checks and by the evals)."""

from __future__ import annotations

import re

DUTCH = {
    "de",
    "het",
    "een",
    "en",
    "van",
    "je",
    "is",
    "in",
    "op",
    "met",
    "voor",
    "dat",
    "niet",
    "bij",
    "of",
    "ook",
    "kun",
    "kunt",
    "wat",
    "naar",
    "om",
    "er",
    "zijn",
    "die",
}
ENGLISH = {
    "the",
    "and",
    "of",
    "you",
    "is",
    "in",
    "to",
    "with",
    "for",
    "that",
    "not",
    "are",
    "can",
    "what",
    "this",
    "be",
    "or",
    "it",
}


def is_dutch(text: str) -> bool:
    """More Dutch than English stop words; at least two, or one in a short text."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    nl = sum(w in DUTCH for w in words)
    en = sum(w in ENGLISH for w in words)
    return nl >= max(2 if len(words) > 15 else 1, en) and nl > 0
