"""A class period, served for real: the counsellor page behind its secret, 30 pupils joining
one session through the API at once, a counsellor and a pupil in two browser contexts, the
dashboard's counts, and a scan of the database and the logs for pupil text and personal data."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import pytest

from assistant import texts
from tests.conftest import free_port

pytestmark = pytest.mark.slow
PASSWORD = "juist-wachtwoord-42"
QUESTIONS = [
    "Wat doet een procesoperator?",
    "Hoe word je procesoperator?",
    "Wat is Jet-Net?",
    "Hoeveel verdient een piloot bij KLM? Ik heet Sanne de Vries",
]


@pytest.fixture(scope="module")
def class_app(page_settings, page_assistant):
    """The app with a counsellor secret and its own database."""
    from assistant.storage import open_storage
    from ui.app import build_app
    from ui.render import PAGE_CSS

    url = page_settings.storage_url.replace(".sqlite3", "-class.sqlite3")
    from pydantic import SecretStr

    settings = page_settings.model_copy(
        update={"counsellor_password": SecretStr(PASSWORD), "storage_url": url}
    )
    original, page_assistant.settings = page_assistant.settings, settings
    storage = open_storage(url)
    demo = build_app(page_assistant, storage)
    port = free_port()
    demo.queue(default_concurrency_limit=8).launch(
        server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, share=False,
        ssr_mode=False, quiet=True, css=PAGE_CSS,
    )  # fmt: skip
    yield {"url": f"http://127.0.0.1:{port}/", "settings": settings, "storage": storage}
    demo.close()
    storage.close()
    page_assistant.settings = original


def _report(settings, code: str) -> dict:
    from assistant.catalog import Catalog
    from assistant.classroom import Classroom
    from assistant.storage import open_storage

    with open_storage(settings.storage_url) as storage:
        return (
            Classroom(storage, catalog=Catalog.from_corpus(settings.corpus_dir))
            .report(code)
            .as_json()
        )


def _create(settings, label: str) -> str:
    from assistant.catalog import Catalog
    from assistant.classroom import Classroom
    from assistant.storage import open_storage

    with open_storage(settings.storage_url) as storage:
        classroom = Classroom(storage, catalog=Catalog.from_corpus(settings.corpus_dir))
        return classroom.create(label, level="havo", region="Groningen").code


def test_thirty_pupils_join_and_ask_at_once_and_the_report_counts_them(class_app, caplog):
    from gradio_client import Client

    caplog.set_level(logging.INFO)
    code = _create(class_app["settings"], "3H2 loopbaanles")

    def pupil(n: int) -> str:
        client = Client(class_app["url"], verbose=False)
        status = client.predict(code, api_name="/join")
        chat, *_ = client.predict(QUESTIONS[n % len(QUESTIONS)], [], api_name="/chat")
        return status

    with ThreadPoolExecutor(max_workers=10) as pool:
        statuses = list(pool.map(pupil, range(30)))
    assert all("3H2 loopbaanles" in s for s in statuses)
    report = _report(class_app["settings"], code)
    assert report["pupils"] == 30 and report["questions"] == 30
    procesoperator = [t for t in report["topics"] if t["topic"] == "procesoperator"]
    assert procesoperator and procesoperator[0]["kind"] == "role"
    assert procesoperator[0]["count"] == 16  # 8 "wat doet" + 8 "hoe word" of the 30
    assert report["unanswered"] and all("Sanne" not in u["question"] for u in report["unanswered"])
    assert "Sanne" not in caplog.text and "procesoperator?" not in caplog.text


def test_a_wrong_unknown_or_full_code_gets_a_dutch_message(class_app):
    from gradio_client import Client

    client = Client(class_app["url"], verbose=False)
    status = client.predict("ZZZZZZ", api_name="/join")
    assert status == texts.CLASS_CODE_UNKNOWN


def test_the_counsellor_page_asks_for_the_secret(class_app, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(class_app["url"] + "decaan")
    page.locator("#counsellor-password input").fill("fout")
    page.locator("#counsellor-login").click()
    expect(page.locator("#counsellor-status")).to_contain_text(texts.COUNSELLOR_WRONG[:20])
    page.locator("#class-label textarea").fill("Geheim")
    page.locator("#class-create").click()
    expect(page.locator("#counsellor-status")).to_contain_text(texts.COUNSELLOR_LOG_IN_FIRST)
    page.close()


def test_a_class_period_in_two_browsers(class_app, browser, tmp_path):
    """The counsellor creates a session and projects the code; a pupil opens the link and asks;
    with three more pupils (API) the dashboard shows the counts within a few seconds."""
    from gradio_client import Client
    from playwright.sync_api import expect

    teacher = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
    teacher.goto(class_app["url"] + "decaan")
    teacher.locator("#counsellor-password input").fill(PASSWORD)
    teacher.locator("#counsellor-login").click()
    expect(teacher.locator("#counsellor-status")).to_contain_text(texts.COUNSELLOR_WELCOME)
    teacher.locator("#class-label textarea").fill("4V1 profielkeuze")
    teacher.locator("#class-create").click()
    expect(teacher.locator("#class-code-view svg")).to_be_visible(timeout=20_000)
    link = teacher.locator("#class-code-view a").inner_text()
    code = re.search(r"klas=([A-Z0-9]+)", link).group(1)

    pupil = browser.new_context().new_page()
    pupil.goto(link)
    expect(pupil.locator("#town-status")).to_contain_text("4V1 profielkeuze", timeout=20_000)
    box = pupil.locator("#question textarea")
    box.fill("Wat doet een procesoperator?")
    box.press("Enter")
    expect(pupil.locator('#chatbot [data-testid="bot"]').last).to_contain_text(
        "Volgende stap", timeout=30_000
    )
    for _ in range(3):
        client = Client(class_app["url"], verbose=False)
        client.predict(code, api_name="/join")
        client.predict("Hoe word je procesoperator?", [], api_name="/chat")
    expect(teacher.locator("#dashboard")).to_contain_text("Procesoperator", timeout=20_000)
    expect(teacher.locator("#dashboard")).to_contain_text(texts.DASH_PUPILS)
    assert _report(class_app["settings"], code)["pupils"] == 4
    shot = tmp_path / "dashboard-1600.png"
    teacher.screenshot(path=str(shot), full_page=True)
    if os.environ.get("TECHKOMPAS_SCREENSHOTS"):  # to look at it
        shutil.copy(shot, os.environ["TECHKOMPAS_SCREENSHOTS"])
    teacher.context.close()
    pupil.context.close()


def test_the_database_holds_no_pupil_text_or_personal_data(class_app):
    """After the class runs above: only scrubbed unanswered questions are text; no names,
    e-mail addresses, phone numbers or IP addresses anywhere in the database."""
    path = class_app["settings"].storage_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        rows = [r for t in ("class_sessions", "session_events", "feedback")
                for r in db.execute(f"SELECT * FROM {t}")]  # fmt: skip
    dump = json.dumps(rows, default=str)
    assert "Sanne" not in dump and "Vries" not in dump
    assert not re.search(r"\b\d{1,3}(\.\d{1,3}){3}\b", dump), "an IP address was stored"
    assert not re.search(r"[\w.+-]+@[\w-]+\.\w+", dump), "an e-mail address was stored"
    assert "Wat doet een procesoperator" not in dump  # answered questions leave only counts
