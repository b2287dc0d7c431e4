"""The app as a school runs it, for the hardening tests: `techkompas -v serve` in its own process
on a loopback port (under the network guard, logging at INFO), and a small client that triggers
the page's events the way the browser does (POST /gradio_api/queue/join with the event's
fn_index, then the session's event stream), so events without an API name can be tried too."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import FIXTURES, SHIPPED_CORPUS, free_port
from tests.hardening import netguard
from tests.servers import wait_until_up


def fixture_corpus(root: Path) -> Path:
    """A copy of the fixture corpus under `root`, with the shipped regions and synonyms."""
    corpus = root / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    for name in ("regions.yaml", "synonyms.yaml"):
        shutil.copy(SHIPPED_CORPUS / name, corpus / name)
    return corpus


def build_index(root: Path) -> dict[str, str]:
    """The fixture corpus (with the shipped regions and synonyms) indexed with fake embeddings
    under `root`; the TECHKOMPAS_* variables that point a server at it and at its database."""
    from assistant.settings import load_settings
    from ingest.indexer import index_paths

    corpus = fixture_corpus(root)
    settings = load_settings(
        index_dir=root / "index", embedding_model="fake", chunk_size=400, chunk_overlap=80,
        corpus_dir=corpus,
    )  # fmt: skip
    report = index_paths(settings, [corpus])
    assert not report.failed, report.failed
    return {
        "TECHKOMPAS_INDEX_DIR": str(root / "index"),
        "TECHKOMPAS_CORPUS_DIR": str(corpus),
        "TECHKOMPAS_EMBEDDING_MODEL": "fake",
        "TECHKOMPAS_LLM": "extractive",
        "TECHKOMPAS_DATABASE_URL": f"sqlite:///{root / 'techkompas.sqlite3'}",
    }


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    stdout: Path
    stderr: Path
    guard_log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(root: Path, settings_env: dict[str, str]) -> Server:
    """`techkompas -v serve` on a free loopback port, its own Gradio temp folder, guarded."""
    port = free_port()
    guard_log = root / "netguard.log"
    env = netguard.guarded_env(root / "site", guard_log)
    env.update(settings_env)
    env["GRADIO_TEMP_DIR"] = str(root / "gradio-tmp")
    command = [str(Path(sys.executable).parent / "techkompas"), "-v", "serve",
               "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    stdout, stderr = root / "server.out", root / "server.err"
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=root)
    url = f"http://127.0.0.1:{port}/"
    wait_until_up(url + "config", process, stderr, timeout=180)
    return Server(url, port, process, stdout, stderr, guard_log)


@dataclass
class Page:
    """One browser tab on the served app: its own session, the page's events by element id."""

    url: str
    session: str = field(default_factory=lambda: uuid.uuid4().hex[:11])
    config: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.config:
            self.config = httpx.get(self.url + "config", timeout=30).json()

    def fn_index(self, elem_id: str, trigger: str = "click") -> int:
        """The event `trigger` of the component with `elem_id` (its first handler)."""
        ids = {c["id"] for c in self.config["components"] if c["props"].get("elem_id") == elem_id}
        for dep in self.config["dependencies"]:
            if any(t[0] in ids and t[1] == trigger for t in dep["targets"]):
                return int(dep["id"])
        raise LookupError(f"no {trigger} event on #{elem_id}")

    def api_fn(self, api_name: str) -> int:
        return next(int(d["id"]) for d in self.config["dependencies"] if d["api_name"] == api_name)

    def call(self, fn_index: int, *data: Any, timeout: float = 60) -> dict[str, Any]:
        """Run one event as the browser does; the final message (`output`, `success`)."""
        base = self.url + "gradio_api/"
        body = {"data": list(data), "fn_index": fn_index, "session_hash": self.session,
                "event_data": None, "trigger_id": None}  # fmt: skip
        with httpx.Client(timeout=timeout) as http:
            joined = http.post(base + "queue/join", json=body)
            joined.raise_for_status()
            event_id = joined.json()["event_id"]
            params = {"session_hash": self.session}
            with http.stream("GET", base + "queue/data", params=params) as stream:
                for line in stream.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    message = json.loads(line[5:])
                    done = message.get("msg") == "process_completed"
                    if done and message.get("event_id") == event_id:
                        return dict(message)
        raise AssertionError(f"event {fn_index} never completed")

    def outputs(self, fn_index: int, *data: Any) -> list[Any]:
        message = self.call(fn_index, *data)
        assert message.get("success"), message
        return list(message["output"]["data"])
