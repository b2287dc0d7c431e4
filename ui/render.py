"""Turn answers and sources into Markdown for the chat page."""

from __future__ import annotations

from assistant import texts
from assistant.companies import CompanyMatch
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


def companies_markdown(matches: list[CompanyMatch]) -> str:
    """Company cards; illustrative profiles are labelled so schools know to replace them."""
    if not matches:
        return ""
    lines = [f"**{texts.COMPANIES_HEADING}**", ""]
    for match in matches:
        c = match.company
        label = f" · _{texts.EXAMPLE_PROFILE}_" if c.example else ""
        lines.append(f"- **{c.name}** ({c.city}, {c.province}){label}  \n  {match.reason}")
    return "\n".join(lines)
