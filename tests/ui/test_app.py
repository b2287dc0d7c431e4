import pytest

from assistant.types import Hit
from ui.render import sources_markdown

pytestmark = pytest.mark.slow


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


def test_chat_api_answers_with_sources(app_url):
    from gradio_client import Client

    answer, sources, companies = Client(app_url, verbose=False).predict(
        message="Wat is Jet-Net?", region="Alle provincies", level="havo", api_name="/chat"
    )
    assert "[1]" in answer and "Jet-Net" in answer
    assert "corpus/programmes/jet-net.md" in sources
    assert companies == ""


def test_company_cards_for_the_chosen_region(app_url):
    from gradio_client import Client

    _, _, companies = Client(app_url, verbose=False).predict(
        message="Welke bedrijven bij mij in de buurt kan ik bezoeken?",
        region="Groningen",
        level="Alle niveaus",
        api_name="/chat",
    )
    assert "Zoutwerk Delfzijl" in companies and "voorbeeldprofiel" in companies


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
