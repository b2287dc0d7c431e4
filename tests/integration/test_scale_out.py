"""Scaling out on loopback, as docs/deploy.md describes for a region: one `chroma run` server,
one PostgreSQL, two `techkompas serve` instances pointing at both, and nginx in front with the
shipped config (deploy/nginx.conf.template) keeping each pupil on one instance. The load
generator runs through the proxy. Fake embeddings and the fake model keep it quick; the real
ones are measured in BENCHMARKS.md."""

from __future__ import annotations

import os
import shutil
import string
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import free_port
from tests.servers import missing, postgres_server, wait_until_up  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"


@dataclass(frozen=True)
class Region:
    url: str  # the proxy
    access_log: Path  # nginx's: which instance served each request
    database: str  # the shared PostgreSQL


@pytest.fixture(scope="module")
def nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        missing("nginx not found: `make proxy` (apt-get install -y nginx-light)")
    return found


@pytest.fixture(scope="module")
def region(tmp_path_factory, chroma_server, postgres_server, nginx):  # noqa: F811
    """Two instances behind nginx, sharing one Chroma server and one PostgreSQL."""
    from assistant.settings import load_settings
    from ingest.indexer import index_paths
    from tests.conftest import FIXTURES, SHIPPED_CORPUS

    root = tmp_path_factory.mktemp("region")
    corpus = root / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    for name in ("regions.yaml", "synonyms.yaml"):
        shutil.copy(SHIPPED_CORPUS / name, corpus / name)
    database = postgres_server.url(postgres_server.create_database())
    shared = {
        "TECHKOMPAS_CHROMA_URL": chroma_server,
        "TECHKOMPAS_COLLECTION": "region",
        "TECHKOMPAS_EMBEDDING_MODEL": "fake",
        "TECHKOMPAS_CORPUS_DIR": str(corpus),
        "TECHKOMPAS_DATABASE_URL": database,
        "TECHKOMPAS_LLM": "fake",
    }
    settings = load_settings(
        chroma_url=chroma_server, collection="region", embedding_model="fake",
        index_dir=root / "ingest-index", corpus_dir=corpus, chunk_size=400, chunk_overlap=80,
    )  # fmt: skip
    assert not index_paths(settings, [corpus]).failed
    processes: list[subprocess.Popen[bytes]] = []
    ports, listen, run_dir = [free_port(), free_port()], free_port(), root / "nginx"
    try:
        for n, port in enumerate(ports, start=1):
            log = root / f"instance-{n}.log"
            env = {**os.environ, **shared, "TECHKOMPAS_INDEX_DIR": str(root / f"index-{n}")}
            command = [sys.executable, "-m", "assistant.cli", "serve", "--port", str(port)]
            processes.append(
                subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
            )
            wait_until_up(f"http://127.0.0.1:{port}/config", processes[-1], log)
        run_dir.mkdir()
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_conf(run_dir, listen, ports))
        processes.append(
            subprocess.Popen(
                [nginx, "-p", str(run_dir), "-c", str(conf), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
        )
        wait_until_up(f"http://127.0.0.1:{listen}/config", processes[-1], run_dir / "error.log")
        yield Region(f"http://127.0.0.1:{listen}/", run_dir / "access.log", database)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(30)


def nginx_conf(run_dir: Path, listen: int, ports: list[int]) -> str:
    """The shipped template filled in; nginx's own $variables stay as they are."""
    conf = string.Template(TEMPLATE.read_text()).safe_substitute(
        run_dir=run_dir,
        listen=f"127.0.0.1:{listen}",
        instance_1=f"127.0.0.1:{ports[0]}",
        instance_2=f"127.0.0.1:{ports[1]}",
    )
    assert "${" not in conf, "a placeholder of the template was not filled in"
    return conf


def test_pupils_spread_over_two_instances_and_each_stays_on_one(region):
    from evals.loadtest import Plan, read_conversations, run_loadtest

    url, access_log = region.url, region.access_log
    plan = Plan(url, users=10, seconds=20, conversations=read_conversations(), think_s=1)
    result = run_loadtest(plan)
    assert result["errors"] == 0, result
    assert result["questions"] >= 20 and result["model_share"] and result["model_share"] > 0.5
    lines = [line.split() for line in access_log.read_text().splitlines()]
    joins = Counter(parts[1] for parts in lines if parts[-1].endswith("/queue/join"))
    assert set(joins) == {"tk1", "tk2"}, joins  # both instances answered pupils
    assert sum(joins.values()) >= result["questions"]
    assert not any("127.0.0.1" in " ".join(parts) for parts in lines)  # no address logged


def test_one_class_spread_over_both_instances_is_one_report(region):
    """The class lives in the shared PostgreSQL: pupils who reach either instance join it, and
    the counsellor's report counts all of them."""
    from gradio_client import Client

    from assistant.classroom import Classroom
    from assistant.storage import open_storage

    url, access_log = region.url, region.access_log
    with open_storage(region.database) as storage:
        session = Classroom(storage).create("3H2 loopbaanles", level="havo", hours=1)
    before = len(access_log.read_text().splitlines())

    def instances() -> set[str]:
        lines = [line.split() for line in access_log.read_text().splitlines()[before:]]
        return {parts[1] for parts in lines if parts[-1].endswith("/queue/join")}

    # the proxy picks a new pupil's instance at random: six pupils all land on one instance
    # about once in 32 runs, so more join (at most 16) until both instances have had some
    pupils = 0
    while pupils < 6 or (instances() != {"tk1", "tk2"} and pupils < 16):
        pupil = Client(url, verbose=False)
        joined = pupil.predict(session.code, api_name="/join")
        assert "3H2 loopbaanles" in str(joined)
        pupil.predict("Wat doet een procesoperator?", [], api_name="/chat")
        pupil.close()
        pupils += 1
    assert instances() == {"tk1", "tk2"}
    with open_storage(region.database) as storage:
        report = Classroom(storage).report(session.code)
    assert report.pupils == pupils and report.questions == pupils
