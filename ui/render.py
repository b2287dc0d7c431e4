"""HTML panels for the pupil's page: sources, company cards, the route card, the quiz result and
the privacy notice. Pure functions from the core's values to HTML strings, styled by `PAGE_CSS`.

Every value that comes from data is escaped with `html.escape`; the markup has no scripts, no
inline styles and no external resources. All wording comes from `assistant.texts`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from assistant import texts
from assistant.answer import Answer
from assistant.companies import CompanyMatch
from assistant.phrasing import education_phrase, first_sentence, join_words, level_phrase
from assistant.quiz import QuizResult
from assistant.records import OFFERS
from assistant.routes import RouteCard, RoutePath
from assistant.types import Hit

SNIPPET_CHARS = 160
COMPANY_SOURCE = "corpus/companies/{id}.yaml"
ARROW = '<span class="tk-arrow" aria-hidden="true">→</span> '

PAGE_CSS = """
.tk-panel { color: #1a1a1a; background: #ffffff; max-width: 100%; box-sizing: border-box;
  font-size: 1rem; line-height: 1.5; overflow-wrap: anywhere; margin: 0 0 1rem; }
.tk-panel h3 { font-size: 1.15rem; margin: 0 0 .5rem; color: #1a1a1a; }
.tk-panel h4 { font-size: 1.05rem; margin: 0 0 .25rem; color: #1a1a1a; }
.tk-panel p { margin: .25rem 0; display: block !important; }
.tk-panel a { color: #0b57d0; text-decoration: underline; }
.tk-panel a:focus-visible, .tk-panel summary:focus-visible {
  outline: 3px solid #0b57d0; outline-offset: 2px; }
.tk-panel small, .tk-muted { font-size: .875rem; color: #4a4a4a; }
.tk-list, .tk-cards, .tk-tags, .tk-chain, .tk-steps, .tk-paths {
  list-style: none; margin: 0; padding: 0; }
.tk-cards { display: flex; flex-wrap: wrap; gap: .75rem; }
.tk-card { flex: 1 1 16rem; max-width: 100%; box-sizing: border-box; padding: .75rem;
  border: 1px solid #6b6b6b; border-radius: .5rem; background: #ffffff; }
.tk-card-highlighted { border: 3px solid #1a1a1a; }
.tk-source { padding: .5rem 0; border-bottom: 1px solid #6b6b6b; }
.tk-num { font-weight: 700; }
.tk-passage { background: #f4f4f4; padding: .5rem; border-left: 4px solid #6b6b6b; }
.tk-panel summary { cursor: pointer; color: #0b57d0; text-decoration: underline; }
.tk-badges { display: flex; flex-wrap: wrap; gap: .25rem; margin: .25rem 0; }
.tk-badge { display: inline-block; padding: 0 .4rem; border: 2px solid #1a1a1a;
  border-radius: .25rem; font-weight: 700; font-size: .875rem; background: #fff8d6; }
.tk-tags { display: flex; flex-wrap: wrap; gap: .25rem; }
.tk-tags li { padding: 0 .4rem; border: 1px solid #6b6b6b; border-radius: 1rem;
  background: #eef3fd; font-size: .875rem; }
.tk-chain { display: flex; flex-direction: column; gap: .5rem; }
.tk-hop { padding: .5rem; border: 1px solid #6b6b6b; border-radius: .5rem; }
.tk-paths { display: flex; flex-direction: column; gap: .5rem; }
.tk-steps { display: flex; flex-wrap: wrap; gap: .25rem .75rem; }
.tk-hop-label { font-weight: 700; }
.tk-missing { display: inline-block; font-style: italic; border: 1px dashed #1a1a1a;
  border-radius: .25rem; padding: 0 .3rem; background: #f4f4f4; }
.tk-notice { border-left: 4px solid #1a1a1a; padding-left: .5rem; }
/* Gradio's own colours, raised to WCAG AA contrast */
button.primary { background: #0b57d0 !important; border-color: #0b57d0 !important;
  color: #ffffff !important; }
footer a, footer button, .show-api, .built-with, .settings { color: #4a4a4a !important; }
#panels { flex-wrap: wrap !important; }
#panels > * { flex: 1 1 20rem !important; min-width: min(100%, 20rem) !important; }
button[role="tab"].selected { color: #0b57d0 !important; border-color: #0b57d0 !important; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _items(parts: Iterable[str], cls: str = "tk-list") -> str:
    return f'<ul class="{cls}">' + "".join(f"<li>{p}</li>" for p in parts) + "</ul>"


def _section(cls: str, label: str, body: str, attrs: str = "") -> str:
    return (
        f'<section class="tk-panel {cls}" aria-label="{_e(label)}"{attrs}>'
        f"<h3>{_e(label)}</h3>{body}</section>"
    )


# -- Sources --------------------------------------------------------------------------------------


def passage_body(text: str) -> str:
    """A chunk's text without its first line, which repeats the title as a heading."""
    head, sep, body = text.partition("\n")
    return body.strip() if sep else head.strip()


def snippet(body: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of `body` on one line, cut at a word boundary near `limit` characters."""
    flat = " ".join(body.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _source_item(number: int, hit: Hit) -> str:
    body = passage_body(hit.text)
    where = [_e(hit.section)] if hit.section and hit.section != hit.title else []
    if hit.page:
        where.append(_e(f"{texts.PAGE} {hit.page}"))
    detail = f" — {', '.join(where)}" if where else ""
    full = "<br>".join(_e(line) for line in body.splitlines())
    return (
        f'<li class="tk-source"><p><span class="tk-num">[{number}]</span> '
        f"<strong>{_e(hit.title or hit.source)}</strong>{detail}</p>"
        f'<p class="tk-snippet">{_e(snippet(body))}</p>'
        f"<details><summary>{_e(texts.SOURCE_FULL_PASSAGE)}</summary>"
        f'<p class="tk-passage">{full}</p></details>'
        f"<p><small>{_e(hit.source)}</small></p></li>"
    )


def sources_html(hits: list[Hit], answer: Answer | None = None) -> str:
    """The numbered sources ([1], [2], ...) that the answer's citations point to. The panel
    says, in data attributes, how the answer came about (outcome, who wrote it, from the cache):
    what `techkompas loadtest` counts; nothing about the pupil."""
    if not hits:
        empty = texts.NO_SOURCES_YET.strip("_*")  # the text is Markdown emphasis
        body = f'<p class="tk-muted">{_e(empty)}</p>'
    else:
        items = "".join(_source_item(n, hit) for n, hit in enumerate(hits, start=1))
        body = f'<ol class="tk-list">{items}</ol>'
    return _section("tk-sources", texts.SOURCES_HEADING, body, _answer_attrs(answer))


def _answer_attrs(answer: Answer | None) -> str:
    if answer is None:
        return ""
    return (
        f' data-outcome="{_e(str(answer.outcome))}" data-backend="{_e(answer.backend)}"'
        f' data-cached="{int(answer.cached)}" data-error="{int(answer.reason == "error")}"'
    )


# -- Companies ------------------------------------------------------------------------------------


def _badges(highlighted: bool, example: bool) -> str:
    labels = [
        label
        for label, shown in (
            (texts.COMPANY_HIGHLIGHTED, highlighted),
            (texts.EXAMPLE_PROFILE, example),
        )
        if shown
    ]
    if not labels:
        return ""
    badges = "".join(f'<span class="tk-badge">{_e(label)}</span>' for label in labels)
    note = f'<p class="tk-muted">{_e(texts.EXAMPLE_PROFILE_NOTE)}</p>' if example else ""
    return f'<p class="tk-badges">{badges}</p>{note}'


def _company_card(match: CompanyMatch, highlighted: bool) -> str:
    c = match.company
    place = texts.COMPANY_PLACE.format(city=c.city, province=c.province)
    offers = ""
    if c.offers:
        tags = _items((_e(OFFERS[o]) for o in c.offers), "tk-tags")
        offers = f"<p>{_e(texts.COMPANY_OFFERS_LABEL)}</p>{tags}"
    link = ""
    if c.website:
        text = texts.COMPANY_WEBSITE.format(name=c.name)
        link = f'<p><a href="{_e(c.website)}" rel="noopener noreferrer">{_e(text)}</a></p>'
    cls = "tk-card tk-card-highlighted" if highlighted else "tk-card"
    return (
        f'<li class="{cls}"><h4>{_e(c.name)}</h4>{_badges(highlighted, c.example)}'
        f'<p class="tk-muted">{_e(place)}</p><p>{_e(first_sentence(c.about))}</p>{offers}'
        f"<p>{_e(texts.COMPANY_REASON.format(reason=match.reason))}</p>{link}</li>"
    )


def companies_html(matches: list[CompanyMatch], highlighted: Iterable[str] = ()) -> str:
    """Company cards; those the counsellor highlighted come first and say so."""
    if not matches:
        return ""
    chosen = set(highlighted)
    ordered = sorted(matches, key=lambda m: m.company.id not in chosen)  # stable
    cards = "".join(_company_card(m, m.company.id in chosen) for m in ordered)
    return _section("tk-companies", texts.COMPANIES_HEADING, f'<ul class="tk-cards">{cards}</ul>')


# -- Route card -----------------------------------------------------------------------------------


def _hop(label_key: str, content: str, cls: str = "", first: bool = False) -> str:
    """One hop of a chain: a decorative arrow (not before the first), its label, its content."""
    label = f'<span class="tk-hop-label">{_e(texts.ROUTE_HOPS[label_key])}:</span> '
    opening = f'<li class="{cls}">' if cls else "<li>"
    return f"{opening}{'' if first else ARROW}{label}{content}</li>"


def _missing(text: str) -> str:
    return f'<span class="tk-missing">{_e(text)}</span>'


def _source(path: str) -> str:
    return f"<small>{_e(texts.ROUTE_SOURCE.format(source=path))}</small>"


def _path_item(path: RoutePath, subjects_missing: bool) -> str:
    route = path.route
    if route.required_subjects:
        subjects = _e(join_words(list(route.required_subjects)))
    else:
        subjects = _missing(
            texts.ROUTE_SUBJECTS_MISSING if subjects_missing else texts.ROUTE_NO_SUBJECTS_NAMED
        )
    steps = (
        _hop("profile", _e(route.school_profile), first=True)
        + _hop("subjects", subjects)
        + _hop("education", _e(education_phrase(route)))
    )
    level = texts.ROUTE_FROM_LEVEL.format(level=level_phrase(route.level))
    note = f'<p class="tk-muted">{_e(" ".join(route.note.split()))}</p>' if route.note else ""
    return (
        f'<li><p><strong>{_e(level)}</strong></p><ol class="tk-steps" aria-label="{_e(level)}">'
        f"{steps}</ol>{note}<p>{_source(path.source)}</p></li>"
    )


def _school_hop(card: RouteCard) -> str:
    notice = ""
    if "route_for_level" in card.missing:
        text = texts.ROUTE_NO_ROUTE_FOR_LEVEL.format(level=level_phrase(card.level or ""))
        levels = list(dict.fromkeys(p.route.level for p in card.paths))
        if levels:
            others = join_words([level_phrase(lv) for lv in levels])
            text += " " + texts.ROUTE_OTHER_LEVELS.format(others=others)
        notice = f"<p>{_missing(text)}</p>"
    subjects_missing = "subjects" in card.missing
    paths = "".join(_path_item(p, subjects_missing) for p in card.paths)
    return f'<li class="tk-hop">{notice}<ul class="tk-paths">{paths}</ul></li>'


def _companies_hop(card: RouteCard) -> str:
    if "companies" in card.missing or not card.companies:
        content = _missing(texts.ROUTE_NO_COMPANIES)
    else:
        rows = []
        for match in card.companies:
            c = match.company
            label = f" ({_e(texts.EXAMPLE_PROFILE)})" if c.example else ""
            rows.append(
                f"{_e(c.name)}, {_e(c.city)}{label} {_source(COMPANY_SOURCE.format(id=c.id))}"
            )
        content = _items(rows)
    return _hop("companies", content, "tk-hop")


def route_html(card: RouteCard | None) -> str:
    """The route card: profile -> subjects -> programme (per path) -> role -> companies."""
    if card is None:
        return ""
    role = _hop("role", f"<strong>{_e(card.title)}</strong> {_source(card.source)}", "tk-hop")
    chain = (
        f'<ol class="tk-chain" aria-label="{_e(texts.ROUTE_CHAIN_LABEL.format(title=card.title))}">'
        f"{_school_hop(card)}{role}{_companies_hop(card)}</ol>"
    )
    return _section("tk-route", texts.ROUTE_HEADING.format(title=card.title), chain)


# -- Quiz and privacy -----------------------------------------------------------------------------


def _cards(rows: Iterable[tuple[str, str]]) -> str:
    cards = "".join(
        f'<li class="tk-card"><h4>{_e(title)}</h4><p>{_e(text)}</p></li>' for title, text in rows
    )
    return f'<ul class="tk-cards">{cards}</ul>'


def quiz_result_html(result: QuizResult) -> str:
    """Top interest types, suggested roles and the notice that this is a tip, not a verdict."""
    parts = [f"<p>{_e(result.message)}</p>"]
    if result.top:
        parts.append(f"<h4>{_e(texts.QUIZ_INTERESTS_HEADING)}</h4>")
        parts.append(_cards((p.name, p.explanation) for p in result.top))
    if result.suggestions:
        parts.append(f"<h4>{_e(texts.QUIZ_ROLES_HEADING)}</h4>")
        parts.append(_cards((s.title, s.why) for s in result.suggestions))
    parts.append(f'<p class="tk-notice" role="note">{_e(result.notice)}</p>')
    return _section("tk-quiz", texts.QUIZ_HEADING, "".join(parts))


def privacy_html(feedback_days: int) -> str:
    """That answers are information, not a decision about the pupil (AI Act); what is stored
    about a pupil (nothing personal) and for how long feedback is kept."""
    points = [_e(point.format(days=feedback_days)) for point in texts.PRIVACY_POINTS]
    return _section("tk-privacy", texts.PRIVACY_HEADING, _items([_e(texts.DISCLAIMER), *points]))
