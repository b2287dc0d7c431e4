"""Turn answers and sources into Markdown for the chat page."""

from __future__ import annotations

from assistant import texts
from assistant.types import Hit


def sources_markdown(hits: list[Hit]) -> str:
    if not hits:
        return texts.NO_SOURCES_YET
    lines = [f"**{texts.SOURCES_HEADING}**", ""]
    for n, hit in enumerate(hits, start=1):
        page = f", {texts.PAGE} {hit.page}" if hit.page else ""
        section = f" — {hit.section}" if hit.section and hit.section != hit.title else ""
        lines.append(f"{n}. {hit.title}{section} (`{hit.source}`{page})")
    return "\n".join(lines)
