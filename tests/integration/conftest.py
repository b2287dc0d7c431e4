"""Real-model fixtures: the seeds (one of them as a PDF) indexed once per session with e5."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.pdfs import text_to_pages, write_pdf
from tests.servers import wait_until_up

PDF_SEED = "000_6c880d868bec36fe"


@pytest.fixture(scope="session")
def seed_copy(seeds_dir: Path, tmp_path_factory) -> Path:
    """The five seeds, with 000 turned into a multi-page PDF with a running header."""
    target = tmp_path_factory.mktemp("seeds") / "seeds"
    target.mkdir()
    for path in seeds_dir.glob("*.txt"):
        if path.stem == PDF_SEED:
            pages = text_to_pages(path.read_text(encoding="utf-8"), 45)
            write_pdf(target / f"{PDF_SEED}.pdf", pages, header="Tien jaar Jet-Net")
        else:
            (target / path.name).write_bytes(path.read_bytes())
    return target


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory):
    from assistant.settings import load_settings

    return load_settings(
        index_dir=tmp_path_factory.mktemp("real") / "index", embedding_model="e5-small"
    )


@pytest.fixture(scope="session")
def real_embeddings(real_settings):
    from assistant.embedding import make_embeddings

    return make_embeddings(real_settings)


@pytest.fixture(scope="session")
def seed_index(real_settings, real_embeddings, seed_copy):
    from assistant.store import open_collection
    from ingest.indexer import Indexer

    collection = open_collection(real_settings, real_embeddings, create=True)
    indexer = Indexer.from_settings(collection, real_embeddings, real_settings)
    report = indexer.run([seed_copy])
    return collection, indexer, report


@pytest.fixture(scope="session")
def seeds_assistant(seed_index, real_settings):
    from assistant.lexical import LexicalIndex
    from assistant.wiring import open_assistant

    collection, _, _ = seed_index
    LexicalIndex.open_in_step(real_settings, collection)
    return open_assistant(real_settings)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real `chroma run` server on a free loopback port."""
    chroma = Path(sys.executable).parent / "chroma"
    port = free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/api/v2/heartbeat", proc, timeout=60)
    yield url
    proc.terminate()
    proc.wait(timeout=20)
