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
def app_url(tmp_path_factory):
    """The real Gradio app, served in-process on a free loopback port, over the fixture corpus."""
    from assistant.settings import load_settings
    from evals.prepare import indexed_assistant
    from tests.conftest import FIXTURES
    from ui.app import build_app

    settings = load_settings(
        index_dir=tmp_path_factory.mktemp("ui") / "index",
        embedding_model="fake",
        chunk_size=400,
        chunk_overlap=80,
        corpus_dir=FIXTURES / "corpus",
    )
    demo = build_app(indexed_assistant(settings, [FIXTURES / "corpus"]))
    port = free_port()
    demo.queue().launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=True,
        share=False,
        ssr_mode=False,
        quiet=True,
    )
    yield f"http://127.0.0.1:{port}/"
    demo.close()


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
