import datetime as dt

import pytest

from assistant import texts
from assistant.answer import Answer, Outcome
from assistant.companies import CompanyMatch
from assistant.records import Company
from assistant.types import Hit
from ui.app import respond
from ui.render import companies_markdown, sources_markdown


def _company(example: bool) -> Company:
    return Company(
        id="zoutwerk-delfzijl",
        name="Zoutwerk Delfzijl",
        province="Groningen",
        city="Delfzijl",
        sectors=["chemie"],
        about="Zoutwerk maakt zout uit de bodem van Groningen voor de industrie.",
        roles=["procesoperator"],
        offers=["bedrijfsbezoek"],
        sources=[{"title": "Voorbeeldprofiel", "publisher": "Techkompas", "year": 2026}],
        checked=dt.date(2026, 11, 23),
        example=example,
    )


def test_companies_markdown_names_town_reason_and_labels_example_profiles():
    matches = [
        CompanyMatch(_company(True), "maakt zout; je kunt er terecht voor: bedrijfsbezoek", 0, 3)
    ]
    md = companies_markdown(matches)
    assert md.startswith(f"**{texts.COMPANIES_HEADING}**")
    assert "- **Zoutwerk Delfzijl** (Delfzijl, Groningen) · _voorbeeldprofiel_" in md
    assert "je kunt er terecht voor: bedrijfsbezoek" in md
    checked = companies_markdown([CompanyMatch(_company(False), "maakt zout", 0, 3)])
    assert texts.EXAMPLE_PROFILE not in checked
    assert companies_markdown([]) == ""


class _Scripted:
    """Stands in for the Assistant: plays fixed answers and records what it was asked."""

    def __init__(self, *answers: Answer, fail: bool = False):
        self.answers, self.fail, self.calls = answers, fail, []

    def stream(self, question, **kwargs):
        self.calls.append((question, kwargs))
        if self.fail:
            raise RuntimeError("index gone")
        yield from self.answers


def test_respond_shows_the_placeholder_then_the_answer_with_its_next_step():
    hit = Hit("a", "t", 0.9, {"title": "Jet-Net", "source": "corpus/programmes/jet-net.md"})
    scripted = _Scripted(
        Answer(Outcome.PENDING, hits=[hit]),
        Answer(Outcome.ANSWERED, text="Jet-Net verbindt scholen en bedrijven. [1]", hits=[hit]),
    )
    steps = list(respond(scripted, "Wat is Jet-Net?", [], "Limburg", texts.ALL_LEVELS))  # type: ignore[arg-type]
    assert steps[0][0] == f"_{texts.WRITING}_" and "jet-net.md" in steps[0][1]
    assert steps[-1][0].endswith(texts.NEXT_STEP) and "[1]" in steps[-1][0]
    assert scripted.calls[0][1] == {"level": None, "region": "Limburg", "history": []}


def test_respond_turns_a_failure_into_a_dutch_message_without_logging_the_question(caplog):
    steps = list(
        respond(_Scripted(fail=True), "Ik heet Sanne, wat is PIE?", [], texts.ALL_REGIONS, "vmbo")
    )  # type: ignore[arg-type]
    assert steps == [(texts.SOMETHING_WENT_WRONG, texts.NO_SOURCES_YET, "")]
    assert "Sanne" not in caplog.text and "answering failed" in caplog.text


def test_sources_markdown_lists_title_path_and_page():
    hits = [
        Hit(
            "a",
            "t",
            0.9,
            {
                "title": "Tien jaar Jet-Net",
                "source": "seeds/000.pdf",
                "page": 3,
                "section": "Het onderzoek",
            },
        )
    ]
    md = sources_markdown(hits)
    assert "1. Tien jaar Jet-Net — Het onderzoek (`seeds/000.pdf`, blz. 3)" in md


@pytest.mark.slow
def test_chat_api_answers_with_sources(app_url):
    from gradio_client import Client

    answer, sources, companies = Client(app_url, verbose=False).predict(
        message="Wat is Jet-Net?", region="Alle provincies", level="havo", api_name="/chat"
    )
    assert "[1]" in answer and "Jet-Net" in answer
    assert "corpus/programmes/jet-net.md" in sources
    assert companies == ""


@pytest.mark.slow
def test_company_cards_for_the_chosen_region(app_url):
    from gradio_client import Client

    _, _, companies = Client(app_url, verbose=False).predict(
        message="Welke bedrijven bij mij in de buurt kan ik bezoeken?",
        region="Groningen",
        level="Alle niveaus",
        api_name="/chat",
    )
    assert "Zoutwerk Delfzijl" in companies and "voorbeeldprofiel" in companies


@pytest.mark.slow
def test_pupil_asks_in_the_browser_and_sees_answer_and_sources(app_url, browser, tmp_path):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(app_url)
    page.locator("#question textarea").fill("Wat is Jet-Net?")
    page.locator('button[data-testid="submit-button"]').click()
    bot = page.locator('[data-testid="bot"]').last
    expect(bot).to_contain_text("Volgende stap", timeout=30_000)
    expect(page.locator("#sources")).to_contain_text("jet-net.md", timeout=30_000)
    page.screenshot(path=str(tmp_path / "chat.png"), full_page=True)
    page.close()


@pytest.mark.slow
def test_follow_up_in_the_browser_uses_the_conversation(app_url, browser):
    """The chat passes its history to the pipeline: "En waar kan ik dat doen?" alone is answered
    with a company profile; after a question about the procesoperator it is about that role."""
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(app_url)
    bots = page.locator('[data-testid="bot"]')
    for n, question in enumerate(["Wat doet een procesoperator?", "En waar kan ik dat doen?"]):
        page.locator("#question textarea").fill(question)
        page.locator('button[data-testid="submit-button"]').click()
        expect(bots.nth(n)).to_contain_text("Volgende stap", timeout=30_000)
    assert bots.nth(1).inner_text().strip().startswith("Een procesoperator bewaakt")
    page.close()
