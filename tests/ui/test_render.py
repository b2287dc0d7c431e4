import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from assistant import quiz, texts
from assistant.companies import CompanyMatch
from assistant.records import Company, Role, Route
from assistant.routes import RouteCard, RoutePath
from assistant.types import Hit
from ui.render import (
    PAGE_CSS,
    companies_html,
    privacy_html,
    quiz_result_html,
    route_html,
    sources_html,
)

ROLES_DIR = Path(__file__).resolve().parents[2] / "corpus" / "roles"
VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area"}


class _Checker(HTMLParser):
    """Records the tags of a fragment and fails on a closing tag that does not match."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        assert self.stack, f"</{tag}> closes nothing"
        opened = self.stack.pop()
        assert opened == tag, f"<{opened}> closed by </{tag}>"

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> _Checker:
    """Parse `fragment`, asserting it is well-formed (every non-void tag closed in order)."""
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    assert checker.stack == [], f"unclosed tags: {checker.stack}"
    return checker


def visible_text(fragment: str) -> str:
    return " ".join(" ".join(parse(fragment).text).split())


def tags_named(fragment: str, name: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in parse(fragment).tags if tag == name]


def _hit(n: int, text: str, **meta) -> Hit:
    return Hit(
        f"c{n}", text, 1.0 / n, {"title": "Tien jaar Jet-Net", "source": "seeds/000.pdf", **meta}
    )


def _company(cid: str, *, example: bool = False, website: str | None = None) -> Company:
    return Company(
        id=cid,
        name=f"Bedrijf {cid}",
        province="Groningen",
        city="Delfzijl",
        sectors=["chemie"],
        about="Maakt zout uit de bodem van Groningen. Het werkt dag en nacht door.",
        roles=["procesoperator"],
        offers=["bedrijfsbezoek", "stage_mbo"],
        website=website,
        sources=[{"title": "Voorbeeldprofiel", "publisher": "Techkompas", "year": 2026}],
        checked=dt.date(2026, 11, 23),
        example=example,
    )


def _match(cid: str, **kwargs) -> CompanyMatch:
    return CompanyMatch(_company(cid, **kwargs), "werkt met procesoperator", 0, 3.0)


def _card(*missing: str, subjects: tuple[str, ...] = ("wiskunde B",)) -> RouteCard:
    source = "corpus/roles/procestechnoloog.yaml"
    routes = [
        Route(
            level="havo",
            school_profile="Natuur en Techniek",
            programme="Chemische Technologie",
            education="hbo",
            required_subjects=list(subjects),
            note="Ook met  NG + scheikunde.",
        ),
        Route(
            level="vwo",
            school_profile="Natuur en Techniek",
            programme="Scheikundige Technologie",
            education="wo",
            required_subjects=list(subjects),
        ),
    ]
    card = RouteCard("procestechnoloog", "Procestechnoloog", source, "havo")
    card.paths = [RoutePath(r, source) for r in routes]
    card.missing = list(missing)
    if "companies" not in missing:
        card.companies = [_match("zoutwerk-delfzijl", example=True)]
    return card


@pytest.fixture(scope="module")
def roles() -> list[Role]:
    names = ("procesoperator", "gamedeveloper", "data-analist", "timmerman", "landmeter")
    return [
        Role.model_validate(
            yaml.safe_load((ROLES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
        )
        for name in names
    ]


# -- Sources


def test_sources_are_numbered_with_section_page_and_path():
    hits = [
        _hit(
            1, "Tien jaar Jet-Net\nHet onderzoek liep tien jaar.", section="Het onderzoek", page=3
        ),
        _hit(2, "Tien jaar Jet-Net\nScholen werken samen.", section="Tien jaar Jet-Net"),
    ]
    text = visible_text(sources_html(hits))
    assert "[1] Tien jaar Jet-Net — Het onderzoek, blz. 3" in text
    assert "[2] Tien jaar Jet-Net Scholen" in text  # section equal to the title is not repeated
    assert text.count("seeds/000.pdf") == 2
    assert "blz." not in text.split("[2]")[1]


def test_source_snippet_skips_the_heading_line_and_is_cut_near_160_characters():
    body = "Dit is een lange zin over techniek op school. " * 10
    html = sources_html([_hit(1, f"Kopregel die niet in het fragment hoort\n{body}")])
    snippet = html.split('<p class="tk-snippet">')[1].split("</p>")[0]
    assert snippet.endswith("…") and 100 < len(snippet) <= 161
    assert "Kopregel" not in snippet


def test_full_passage_opens_in_details_with_line_breaks_kept():
    html = sources_html([_hit(1, "Kop\nEerste regel.\nTweede regel.")])
    assert f"<summary>{texts.SOURCE_FULL_PASSAGE}</summary>" in html
    assert "Eerste regel.<br>Tweede regel." in html
    assert tags_named(html, "details")


def test_sources_panel_is_a_labelled_section_with_a_heading():
    html = sources_html([_hit(1, "Kop\nTekst.")])
    assert tags_named(html, "section")[0]["aria-label"] == texts.SOURCES_HEADING
    assert tags_named(html, "h3")


def test_no_sources_says_so_in_a_paragraph():
    html = sources_html([])
    assert tags_named(html, "p") and "Nog geen bronnen" in visible_text(html)
    assert "_" not in visible_text(html)


def test_a_script_in_a_passage_is_escaped_never_a_tag():
    evil = '<script>alert("x")</script>'
    hits = [_hit(1, f"Kop {evil}\nTekst {evil} en meer.", section=evil, source=evil, title=evil)]
    html = sources_html(hits)
    assert "<script" not in html and "&lt;script&gt;" in html
    assert not tags_named(html, "script")
    assert evil in visible_text(html)


# -- Companies


def test_company_card_shows_name_place_first_sentence_offers_and_reason():
    html = companies_html([_match("zoutwerk-delfzijl")])
    text = visible_text(html)
    assert tags_named(html, "h4") and "Bedrijf zoutwerk-delfzijl" in text
    assert "Delfzijl, Groningen" in text
    assert "Maakt zout uit de bodem van Groningen." in text and "dag en nacht" not in text
    assert "bedrijfsbezoek" in text and "stage (mbo)" in text
    assert "werkt met procesoperator" in text


def test_example_profile_has_a_visible_label_and_explanation():
    text = visible_text(companies_html([_match("a", example=True)]))
    assert texts.EXAMPLE_PROFILE in text and texts.EXAMPLE_PROFILE_NOTE in text
    assert texts.EXAMPLE_PROFILE not in visible_text(companies_html([_match("b")]))


def test_highlighted_companies_come_first_with_a_visible_label():
    html = companies_html([_match("a"), _match("b"), _match("c")], highlighted=["c"])
    names = [n for n in visible_text(html).split() if n in {"a", "b", "c"}]
    assert names[:3] == ["c", "a", "b"]
    text = visible_text(html)
    assert text.count(texts.COMPANY_HIGHLIGHTED) == 1
    assert text.index(texts.COMPANY_HIGHLIGHTED) < text.index("Bedrijf a")


def test_website_link_only_when_the_record_has_one():
    with_site = companies_html([_match("a", website="https://example.nl/")])
    links = tags_named(with_site, "a")
    assert links == [{"href": "https://example.nl/", "rel": "noopener noreferrer"}]
    assert not tags_named(companies_html([_match("b")]), "a")


def test_no_companies_renders_nothing():
    assert companies_html([]) == ""


# -- Route card


def test_complete_route_card_names_every_hop_and_its_source():
    html = route_html(_card())
    text = visible_text(html)
    for label in texts.ROUTE_HOPS.values():
        assert label in text
    assert "Natuur en Techniek" in text and "wiskunde B" in text
    assert "de hbo-opleiding Chemische Technologie" in text
    assert "de universitaire opleiding (wo) Scheikundige Technologie" in text
    assert text.index("Vanuit de havo") < text.index("Vanuit het vwo")
    assert "Procestechnoloog" in text and "Ook met NG + scheikunde." in text
    assert "bron: corpus/roles/procestechnoloog.yaml" in text
    assert "bron: corpus/companies/zoutwerk-delfzijl.yaml" in text
    assert "Bedrijf zoutwerk-delfzijl, Delfzijl" in text


def test_route_card_is_an_ordered_list_with_decorative_arrows():
    html = route_html(_card())
    assert tags_named(html, "ol")[0]["aria-label"] == texts.ROUTE_CHAIN_LABEL.format(
        title="Procestechnoloog"
    )
    arrows = [a for a in tags_named(html, "span") if a.get("class") == "tk-arrow"]
    assert arrows and all(a["aria-hidden"] == "true" for a in arrows)


def test_route_card_says_when_there_is_no_route_from_the_pupils_level():
    card = _card("route_for_level")
    card.level = "vmbo"
    text = visible_text(route_html(card))
    assert texts.ROUTE_NO_ROUTE_FOR_LEVEL.format(level="het vmbo") in text
    assert "Wel vanuit de havo en het vwo" in text


def test_route_card_says_when_the_sources_name_no_subjects():
    text = visible_text(route_html(_card("subjects", subjects=())))
    assert texts.ROUTE_SUBJECTS_MISSING in text


def test_route_without_subjects_and_not_missing_says_none_are_named():
    text = visible_text(route_html(_card(subjects=())))
    assert texts.ROUTE_NO_SUBJECTS_NAMED in text and texts.ROUTE_SUBJECTS_MISSING not in text


def test_route_card_says_when_there_is_no_company_nearby():
    text = visible_text(route_html(_card("companies")))
    assert texts.ROUTE_NO_COMPANIES in text and "corpus/companies/" not in text


def test_no_route_card_renders_nothing():
    assert route_html(None) == ""


# -- Quiz and privacy


def test_quiz_result_shows_top_interests_roles_and_notice(roles):
    result = quiz.result({"r1": 2, "r2": 2, "r3": 2, "c1": 1, "c2": 2}, roles)
    html = quiz_result_html(result)
    text = visible_text(html)
    assert result.top and result.suggestions
    for profile in result.top:
        assert profile.name in text and profile.explanation in text
    for suggestion in result.suggestions:
        assert suggestion.title in text and suggestion.why in text
    assert result.notice in text
    assert not any(q in text for q in result.questions)  # the questions are buttons in Gradio


def test_quiz_result_without_interests_shows_the_message_and_notice(roles):
    result = quiz.result({}, roles)
    text = visible_text(quiz_result_html(result))
    assert not result.top and result.message in text and result.notice in text
    assert texts.QUIZ_INTERESTS_HEADING not in text


def test_privacy_notice_names_the_retention_period():
    html = privacy_html(90)
    text = visible_text(html)
    assert "90 dagen" in text and "IP-adres" in text and "decaan" in text
    assert tags_named(html, "section")[0]["aria-label"] == texts.PRIVACY_HEADING


def test_privacy_notice_says_answers_are_information_not_a_decision():
    assert texts.DISCLAIMER in visible_text(privacy_html(90))


# -- Styles


def test_page_css_sets_readable_colours_focus_and_wrapping():
    for rule in (
        "#1a1a1a",
        "#0b57d0",
        "text-decoration: underline",
        "focus-visible",
        "flex-wrap: wrap",
        "max-width: 100%",
    ):
        assert rule in PAGE_CSS
    assert "url(" not in PAGE_CSS and "@import" not in PAGE_CSS
