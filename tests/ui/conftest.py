from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def page_corpus(tmp_path_factory):
    """The fixture corpus with the shipped regions and synonyms (towns resolve to provinces)."""
    import shutil

    from tests.conftest import FIXTURES, SHIPPED_CORPUS

    corpus = tmp_path_factory.mktemp("page") / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    for name in ("regions.yaml", "synonyms.yaml"):
        shutil.copy(SHIPPED_CORPUS / name, corpus / name)
    return corpus


@pytest.fixture(scope="session")
def page_settings(tmp_path_factory, page_corpus):
    from assistant.settings import load_settings

    root = tmp_path_factory.mktemp("ui")
    return load_settings(
        index_dir=root / "index",
        embedding_model="fake",
        chunk_size=400,
        chunk_overlap=80,
        corpus_dir=page_corpus,
        storage_url=f"sqlite:///{root / 'techkompas.sqlite3'}",
    )


@pytest.fixture(scope="session")
def page_assistant(page_settings, page_corpus):
    from evals.prepare import indexed_assistant

    return indexed_assistant(page_settings, [page_corpus])


@pytest.fixture(scope="session")
def app_url(page_settings, page_assistant):
    """The real Gradio app with its storage, served in-process on a free loopback port."""
    from assistant.storage import open_storage
    from ui.app import build_app
    from ui.render import PAGE_CSS

    storage = open_storage(page_settings.storage_url)
    demo = build_app(page_assistant, storage)
    port = free_port()
    demo.queue().launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=True,
        share=False,
        ssr_mode=False,
        quiet=True,
        css=PAGE_CSS,
    )
    yield f"http://127.0.0.1:{port}/"
    demo.close()
    storage.close()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(
                f"Chromium missing at {CHROMIUM}: 'make test' installs it (apt-get install chromium)"
            )
        pytest.skip("Chromium not installed: run 'make browser'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
