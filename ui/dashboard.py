"""The counsellor's class dashboard, rendered: counts and bar charts as inline SVG (readable on a
projector, no scripts, no external files), the same as a self-contained HTML report, and a CSV
summary. Only aggregates from `ClassReport` (assistant.classroom): never one pupil's answers,
never a count below 3 (the report has already hidden those)."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable

from assistant import texts
from assistant.classroom import ClassReport

BAR_COLOUR = "#0b57d0"
KINDS = ("role", "sector", "programme", "profile", "company")

DASHBOARD_CSS = """
.tk-dash { color: #1a1a1a; background: #fff; font-size: 1.25rem; line-height: 1.4; }
.tk-dash h2 { font-size: 2rem; margin: .25rem 0; }
.tk-dash h3 { font-size: 1.4rem; margin: 1rem 0 .25rem; }
.tk-big { display: flex; flex-wrap: wrap; gap: 1rem; }
.tk-big div { border: 2px solid #1a1a1a; border-radius: .5rem; padding: .5rem 1rem; }
.tk-big strong { display: block; font-size: 2.5rem; }
.tk-dash svg text { font-family: sans-serif; fill: #1a1a1a; }
.tk-dash .tk-muted { color: #4a4a4a; font-size: 1rem; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def bars_svg(values: Iterable[tuple[str, int]], title: str) -> str:
    """A horizontal bar chart with its numbers written out (not colour alone)."""
    rows = list(values)
    if not rows:
        return f'<p class="tk-muted">{_e(texts.DASH_NOTHING_YET)}</p>'
    top = max(count for _, count in rows) or 1
    height = 36 * len(rows) + 8
    parts = [
        f'<svg role="img" aria-label="{_e(title)}" width="100%" viewBox="0 0 760 {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>'
    ]
    for i, (label, count) in enumerate(rows):
        y = 8 + 36 * i
        width = int(420 * count / top)
        parts.append(
            f'<text x="0" y="{y + 22}" font-size="20">{_e(label[:28])}</text>'
            f'<rect x="290" y="{y + 4}" width="{width}" height="24" fill="{BAR_COLOUR}"/>'
            f'<text x="{298 + width}" y="{y + 22}" font-size="20">{count}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def dashboard_html(report: ClassReport) -> str:
    """The live view for the projector."""
    big = (
        (texts.DASH_PUPILS, report.pupils),
        (texts.DASH_QUESTIONS, report.questions),
        (texts.DASH_UP, report.feedback.get("up", 0)),
        (texts.DASH_DOWN, report.feedback.get("down", 0)),
    )
    counts = "".join(f"<div>{_e(name)}<strong>{n}</strong></div>" for name, n in big)
    sections = [
        f'<h2>{_e(report.label)} · {_e(report.code)}</h2><div class="tk-big">{counts}</div>'
    ]
    for kind in KINDS:
        rows = [(t.label, t.count) for t in report.topics if t.kind == kind][:8]
        if rows:
            heading = texts.DASH_TOPIC_KINDS[kind]
            sections.append(f"<h3>{_e(heading)}</h3>{bars_svg(rows, heading)}")
    quiz = [(texts.QUIZ_INTEREST_NAMES.get(k, k), n) for k, n in report.quiz.items()]
    sections.append(f"<h3>{_e(texts.DASH_QUIZ)}</h3>{bars_svg(quiz, texts.DASH_QUIZ)}")
    sections.append(_unanswered(report))
    if report.hidden:
        sections.append(f'<p class="tk-muted">{_e(texts.DASH_HIDDEN)}</p>')
    return f'<section class="tk-dash" aria-live="polite">{"".join(sections)}</section>'


def _unanswered(report: ClassReport) -> str:
    if not report.unanswered:
        return (
            f'<h3>{_e(texts.DASH_UNANSWERED)}</h3><p class="tk-muted">{_e(texts.DASH_NO_GAPS)}</p>'
        )
    items = "".join(f"<li>{_e(text)} ({count}×)</li>" for text, count in report.unanswered)
    return f"<h3>{_e(texts.DASH_UNANSWERED)}</h3><ul>{items}</ul>"


def report_html(report: ClassReport, generated: str) -> str:
    """A self-contained HTML page of the dashboard, to keep or mail."""
    return (
        f'<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        f"<title>{_e(texts.DASH_REPORT_TITLE.format(label=report.label))}</title>"
        f"<style>body{{max-width:960px;margin:2em auto;font-family:sans-serif}}{DASHBOARD_CSS}"
        f"</style></head><body>{dashboard_html(report)}"
        f'<p class="tk-muted">{_e(texts.DASH_GENERATED.format(when=generated))}</p></body></html>'
    )


def report_csv(report: ClassReport) -> str:
    """One row per figure: what, kind, count (the same aggregates as the dashboard)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["item", "kind", "count"])
    writer.writerows(
        [
            ["pupils", "total", report.pupils],
            ["questions", "total", report.questions],
            ["feedback_up", "feedback", report.feedback.get("up", 0)],
            ["feedback_down", "feedback", report.feedback.get("down", 0)],
        ]
    )
    writer.writerows([t.topic, t.kind, t.count] for t in report.topics)
    writer.writerows([letter, "quiz", n] for letter, n in report.quiz.items())
    writer.writerows([text, "unanswered", n] for text, n in report.unanswered)
    return out.getvalue()
