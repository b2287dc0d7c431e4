"""What loaders produce: a source document made of sections (heading, page, text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Section:
    text: str
    heading: str = ""
    page: int | None = None


@dataclass
class SourceDocument:
    source: str  # display path, e.g. "corpus/roles/procesoperator.yaml"
    title: str
    doc_type: str  # programme | profile | role | company | document
    sections: list[Section]
    metadata: dict[str, Any] = field(default_factory=dict)  # province, levels, sectors, date


def sections_from_blocks(
    blocks: list[Any], page: int | None = None, heading: str = ""
) -> list[Section]:
    """Group cleaned blocks into sections: each heading block starts a new section."""
    sections: list[Section] = []
    paragraphs: list[str] = []
    for block in blocks:
        if block.heading:
            if paragraphs:
                sections.append(Section("\n\n".join(paragraphs), heading, page))
            heading, paragraphs = block.text, []
        else:
            paragraphs.append(block.text)
    if paragraphs:
        sections.append(Section("\n\n".join(paragraphs), heading, page))
    return sections
