"""Structure-aware chunking: sections stay whole where they fit, paragraphs are packed up to
`chunk_size` characters, long paragraphs split at sentence ends, with `overlap` characters of
trailing sentences carried into the next chunk of the same section.

Every chunk gets a deterministic id from (source, position, text), so re-ingesting unchanged
content produces the same ids and Chroma's upsert is idempotent."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from assistant.sentences import split_sentences
from ingest.documents import Section, SourceDocument


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str  # what is embedded and shown: "Title — Section" line + the passage
    metadata: dict[str, Any]


def sentences(text: str) -> list[str]:
    return split_sentences(text)


def _pieces(paragraph: str, size: int) -> list[str]:
    """Split one paragraph into pieces of at most `size` chars at sentence (or word) ends."""
    if len(paragraph) <= size:
        return [paragraph]
    pieces: list[str] = []
    current = ""
    for sentence in sentences(paragraph):
        while len(sentence) > size:  # a sentence longer than a chunk: cut at a space
            cut = sentence.rfind(" ", 0, size) if " " in sentence[:size] else size
            head, sentence = sentence[:cut], sentence[cut:].strip()
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        if current and len(current) + 1 + len(sentence) > size:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return pieces


def _tail(text: str, overlap: int) -> str:
    """The last whole sentences of `text` that fit in `overlap` characters."""
    tail = ""
    for sentence in reversed(sentences(text)):
        if len(tail) + len(sentence) + 1 > overlap:
            break
        tail = f"{sentence} {tail}".strip()
    return tail


def split_section(section: Section, size: int, overlap: int) -> list[str]:
    units = [p for para in section.text.split("\n\n") for p in _pieces(para.strip(), size) if p]
    chunks: list[str] = []
    current = ""
    for unit in units:
        if current and len(current) + 2 + len(unit) > size:
            chunks.append(current)
            tail = _tail(current, overlap)
            current = f"{tail}\n\n{unit}" if tail and len(tail) + len(unit) + 2 <= size else unit
        else:
            current = f"{current}\n\n{unit}" if current else unit
    if current:
        chunks.append(current)
    return chunks


def chunk_document(doc: SourceDocument, size: int, overlap: int) -> list[Chunk]:
    """Chunks with full metadata (see `chunk_metadata`)."""
    chunks: list[Chunk] = []
    for section in doc.sections:
        header = (
            doc.title
            if not section.heading or section.heading == doc.title
            else (f"{doc.title} — {section.heading}")
        )
        for passage in split_section(section, size, overlap):
            text = f"{header}\n{passage}"
            index = len(chunks)
            digest = hashlib.sha1(f"{doc.source}|{index}|{text}".encode()).hexdigest()
            chunks.append(Chunk(digest, text, chunk_metadata(doc, section, text, index)))
    return chunks


def chunk_metadata(doc: SourceDocument, section: Section, text: str, index: int) -> dict[str, Any]:
    """Chroma metadata values must be str/int/float/bool: None becomes 0 or ''."""
    levels = doc.metadata.get("levels") or []
    date = str(doc.metadata.get("date") or "")
    meta: dict[str, Any] = {
        "source": doc.source,
        "title": doc.title,
        "section": section.heading,
        "page": section.page or 0,
        "doc_type": doc.doc_type,
        "chunk_index": index,
        "content_hash": hashlib.sha1(text.encode()).hexdigest(),
        "province": str(doc.metadata.get("province") or ""),
        "city": str(doc.metadata.get("city") or ""),
        "sectors": ",".join(doc.metadata.get("sectors") or []),
        "record_id": str(doc.metadata.get("record_id") or ""),
        "example": bool(doc.metadata.get("example", False)),
        "date": int(date.replace("-", "")) if date else 0,
    }
    for level in ("vmbo", "havo", "vwo"):
        meta[f"level_{level}"] = not levels or level in levels  # no levels given: for everyone
    return meta
