"""Structure-aware chunking: sections stay whole where they fit, paragraphs are packed up to
`chunk_size` characters, long paragraphs split at sentence ends, with `overlap` characters of
trailing sentences carried into the next chunk of the same section.

Every chunk gets a deterministic id from (source, position, text), so re-ingesting unchanged
content produces the same ids and Chroma's upsert is idempotent."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from assistant.answer_units import leans
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
    """The last whole sentences of `text` that fit in `overlap` characters. A tail that would
    open with a sentence leaning on the one before it ("Daarvoor kwam Eerst De Klas.") takes
    the sentences it leans on too, up to twice `overlap`, or else starts after the leaning
    ones: a chunk never opens with a "daarvoor" that points at nothing."""
    said = sentences(text)
    start = len(said)
    while start > 0 and len(" ".join(said[start - 1 :])) <= overlap:
        start -= 1
    back = start
    while 0 < back < len(said) and leans(said[back]):
        if len(" ".join(said[back - 1 :])) > 2 * overlap:
            break
        back -= 1
    if back < len(said) and leans(said[back]):  # what it leans on does not fit
        while start < len(said) and leans(said[start]):
            start += 1
        return " ".join(said[start:])
    return " ".join(said[back:])


def split_section(section: Section, size: int, overlap: int) -> list[str]:
    """Paragraphs packed into chunks of at most `size` characters; the pieces of one long
    paragraph stay one paragraph (joined by a space), so a sentence leaning on the one before
    it is still read with it, and so is the overlap carried from the chunk before."""
    units = [
        (piece, k == 0)  # (text, whether it opens a paragraph)
        for para in section.text.split("\n\n")
        for k, piece in enumerate(p for p in _pieces(para.strip(), size) if p)
    ]
    chunks: list[str] = []
    current = ""
    for unit, opens in units:
        glue = "\n\n" if opens else " "
        if current and len(current) + len(glue) + len(unit) > size:
            chunks.append(current)
            tail = _tail(current, overlap)
            fits = tail and len(tail) + len(glue) + len(unit) <= size
            current = f"{tail}{glue}{unit}" if fits else unit
        else:
            current = f"{current}{glue}{unit}" if current else unit
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
