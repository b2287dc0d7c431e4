"""The model behind an OpenAI-compatible server: `techkompas serve-llm` (llama-cpp-python's
own server with the same GGUF) and Techkompas pointing at it with TECHKOMPAS_LLM=openai, as two
instances of a region would share it. The real model on 2 cores: slow, no timing assertions."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from assistant.answer import Outcome
from assistant.language import is_dutch
from tests.conftest import FIXTURES, free_port
from tests.servers import wait_until_up

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model_server(tmp_path_factory):
    try:
        import llama_cpp.server.app  # noqa: F401
    except ImportError as exc:
        message = f"the model server is not installed ({exc}): `make install-llm`"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    log = tmp_path_factory.mktemp("llm-server") / "server.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "serve-llm", "--llm-port", str(port)],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/v1"
    assert b"techkompas-local" in wait_until_up(f"{url}/models", process, log, timeout=300)
    yield url
    process.terminate()
    process.wait(30)


@pytest.fixture(scope="module")
def served_assistant(model_server, tmp_path_factory):
    from assistant.settings import load_settings
    from evals.prepare import indexed_assistant

    settings = load_settings(
        index_dir=tmp_path_factory.mktemp("llm-server-index") / "index",
        corpus_dir=FIXTURES / "corpus",
        embedding_model="fake",
        chunk_size=400,
        chunk_overlap=80,
        llm="openai",
        openai_base_url=model_server,
        openai_model="techkompas-local",
        first_sentence_s=0,  # this test is about what the model writes, however slow
    )
    return indexed_assistant(settings, [FIXTURES / "corpus"])


def test_the_model_behind_the_server_phrases_the_sheet_in_checked_dutch(served_assistant):
    answers = list(served_assistant.stream("Wat doet een procesoperator?"))
    final = answers[-1]
    assert answers[0].outcome is Outcome.PENDING  # the server model was asked
    assert final.outcome in (Outcome.ANSWERED, Outcome.FALLBACK), final.problems
    assert final.backend in ("openai", "records") and not final.notices
    assert is_dutch(final.text) and re.search(r"\[1\]", final.text), final.text
    assert re.search(r"installaties|controlekamer|schermen|rondes", final.text, re.I)
