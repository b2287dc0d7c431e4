"""Crash-safe ingestion: `techkompas ingest` (the CLI, fake embeddings) is SIGKILLed at named
phases and at random moments; the next run must leave the index a clean ingest builds in a fresh
folder: the same chunk ids, documents, metadata and vectors in Chroma, a BM25 side holding
exactly Chroma's chunks, nothing twice, nothing lost.

The named phases come from the test-only hook `ingest.indexer.pause_point`: with
TECHKOMPAS_TEST_PAUSE_AT=<phase>:<n> the run stops itself (SIGSTOP) the n-th time it reaches the
phase, and the test SIGKILLs it there. Every kill is checked to have happened (a pause point
that is never reached fails the test instead of passing quietly).
"""

from __future__ import annotations

import itertools
import json
import math
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(sys.executable).parent / "techkompas"
COMMAND = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "assistant.cli"]
PAUSE_ENV = "TECHKOMPAS_TEST_PAUSE_AT"
QUERIES = ["lassen", "techniek vmbo", "procesoperator", "Jet-Net bedrijven", "route energie"]
TOPICS = [
    "lassen en constructie",
    "elektrotechniek en installaties",
    "procestechniek in de fabriek",
    "werktuigbouwkunde en machines",
    "energie uit wind en zon",
    "bouwkunde en infra",
    "mechatronica en robots",
    "scheepsbouw en havens",
    "automotive en voertuigen",
    "ICT in de techniek",
    "water en milieu",
    "luchtvaarttechniek",
]
_runs = itertools.count()

# -- running the command -----------------------------------------------------------------------


def ingest_env(pause_at: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != PAUSE_ENV}
    env.update(
        TECHKOMPAS_EMBEDDING_MODEL="fake",
        TECHKOMPAS_EMBEDDING_BATCH_SIZE="2",
        TECHKOMPAS_CHUNK_SIZE="300",
        TECHKOMPAS_CHUNK_OVERLAP="50",
    )
    if pause_at:
        env[PAUSE_ENV] = pause_at
    return env


def ingest_args(corpus: Path, index: Path) -> list[str]:
    return [*COMMAND, "ingest", str(corpus), "--index", str(index), "--json"]


def start_ingest(corpus: Path, index: Path, pause_at: str | None = None) -> subprocess.Popen:
    """The command in the background; its output goes to files beside the index."""
    logs = index.parent / f"run{next(_runs)}"
    with open(f"{logs}.out", "w") as out, open(f"{logs}.err", "w") as err:
        proc = subprocess.Popen(
            ingest_args(corpus, index), env=ingest_env(pause_at), cwd=REPO, stdout=out, stderr=err
        )
    proc.logs = logs  # type: ignore[attr-defined]
    return proc


def stderr_of(proc: subprocess.Popen) -> str:
    return Path(f"{proc.logs}.err").read_text()  # type: ignore[attr-defined]


def run_ingest(corpus: Path, index: Path) -> tuple[int, dict, str]:
    """Run to the end: (exit code, the JSON report or {}, stderr)."""
    done = subprocess.run(
        ingest_args(corpus, index),
        env=ingest_env(),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(done.stdout) if done.stdout.strip().startswith("{") else {}
    return done.returncode, report, done.stderr


def wait_until_paused(proc: subprocess.Popen, timeout: float = 120) -> None:
    """Wait until the run has stopped itself at its pause point."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid, status = os.waitpid(proc.pid, os.WUNTRACED | os.WNOHANG)
        if pid == 0:
            time.sleep(0.02)
            continue
        if os.WIFSTOPPED(status):
            return
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen
        pytest.fail(
            f"the ingest ended (exit {proc.returncode}) without reaching its pause point:\n"
            + stderr_of(proc)
        )
    proc.kill()
    proc.wait()
    pytest.fail(f"the ingest did not reach its pause point within {timeout}s")


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=60) == -signal.SIGKILL


def killed_at(corpus: Path, index: Path, pause_at: str) -> None:
    """Run the ingest until it reaches `pause_at`, then SIGKILL it there."""
    proc = start_ingest(corpus, index, pause_at)
    wait_until_paused(proc)
    kill(proc)


# -- reading an index --------------------------------------------------------------------------


@dataclass(frozen=True)
class IndexState:
    chunks: dict  # chunk id -> (document, metadata, rounded vector), from Chroma
    count: int  # Chroma's own count
    bm25_ids: frozenset
    bm25_rows: dict  # chunk id -> (length, term frequencies, filter values), as stored
    bm25_hits: dict  # (query, filter) -> {chunk id: score}
    bm25_integrity: str
    sentences: dict  # answer sentence -> rounded vector (assistant.sentence_vectors)


def read_index(index: Path, scratch: Path) -> IndexState:
    """Everything the index holds, read through assistant.store and assistant.lexical from a
    copy (so the test process never holds the folder the next run writes)."""
    from assistant.embedding import FakeEmbeddings
    from assistant.lexical import LexicalIndex, lexical_path, tokenize
    from assistant.sentence_vectors import sentences_path
    from assistant.settings import load_settings
    from assistant.store import open_collection

    copy = scratch / f"look{next(_runs)}"
    shutil.copytree(index, copy)
    settings = load_settings(index_dir=copy, embedding_model="fake")
    collection = open_collection(settings, FakeEmbeddings())
    got = collection.get(include=["documents", "metadatas", "embeddings"])
    chunks = {
        chunk_id: (doc, tuple(sorted(meta.items())), tuple(round(float(x), 5) for x in vec))
        for chunk_id, doc, meta, vec in zip(
            got["ids"], got["documents"], got["metadatas"], got["embeddings"]
        )
    }
    lexical = LexicalIndex(lexical_path(settings))
    hits = {
        (query, str(where)): dict(lexical.search(tokenize(query), 500, where))
        for query in QUERIES
        for where in (None, {"level_havo": True}, {"date": {"$gte": 20260101}})
    }
    bm25_ids = frozenset(lexical.ids())
    lexical.close()
    with sqlite3.connect(lexical_path(settings)) as db:
        rows = {r[0]: r[1:] for r in db.execute("SELECT id, length, tf, meta FROM docs")}
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    sentences = {}
    if sentences_path(settings).exists():  # killed right after creating it: no table yet
        with sqlite3.connect(sentences_path(settings)) as db:
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
            stored = db.execute("SELECT text, v FROM vectors") if "vectors" in tables else []
            for text, blob in stored:
                sentences[text] = tuple(np.round(np.frombuffer(blob, np.float32), 5))
    return IndexState(chunks, collection.count(), bm25_ids, rows, hits, integrity, sentences)


def same_hits(hits: dict, clean: dict) -> bool:
    """The same chunks with the same scores (up to float32 noise: rows load in another order)."""
    return hits.keys() == clean.keys() and all(
        hits[k].keys() == clean[k].keys()
        and all(math.isclose(hits[k][i], clean[k][i], rel_tol=1e-5) for i in hits[k])
        for k in hits
    )


def differences(state: IndexState, clean: IndexState) -> list[str]:
    """What keeps `state` from being the clean index (empty: the same)."""
    problems = []
    missing, extra = set(clean.chunks) - set(state.chunks), set(state.chunks) - set(clean.chunks)
    if missing or extra:
        problems.append(f"Chroma: {len(missing)} chunks missing, {len(extra)} extra")
    changed = [
        i for i in set(state.chunks) & set(clean.chunks) if state.chunks[i] != clean.chunks[i]
    ]
    if changed:
        problems.append(f"Chroma: {len(changed)} chunks hold other text, metadata or vectors")
    if state.count != len(state.chunks):
        problems.append(f"Chroma counts {state.count} but returns {len(state.chunks)} chunks")
    if state.bm25_ids != set(state.chunks):
        problems.append(
            f"BM25 and Chroma differ: {len(state.bm25_ids - set(state.chunks))} only in BM25, "
            f"{len(set(state.chunks) - state.bm25_ids)} only in Chroma"
        )
    if state.bm25_rows != clean.bm25_rows:
        problems.append(
            "BM25 rows (lengths, term counts, filter values) differ from a clean ingest"
        )
    if not same_hits(state.bm25_hits, clean.bm25_hits):
        problems.append("BM25 search results differ from a clean ingest")
    if state.sentences != clean.sentences:
        problems.append(
            f"answer sentences differ: {len(set(clean.sentences) - set(state.sentences))} "
            f"missing, {len(set(state.sentences) - set(clean.sentences))} extra"
        )
    positions = Counter(
        (dict(m)["source"], dict(m)["chunk_index"]) for _, m, _ in state.chunks.values()
    )
    twice = [p for p, n in positions.items() if n > 1]
    if twice:
        problems.append(f"{len(twice)} chunk positions are held twice, e.g. {twice[0]}")
    if state.bm25_integrity != "ok":
        problems.append(f"BM25 SQLite integrity check: {state.bm25_integrity}")
    return problems


# -- the corpus before and after an edit -------------------------------------------------------


def programme(n: int, topic: str, *, extra: str = "") -> str:
    sections = "\n\n".join(
        f"## Deel {k}\n\nRoute {n} gaat over {topic}. In les {k} bezoeken leerlingen een bedrijf "
        f"waar vakmensen werken aan {topic}. Ze stellen vragen, maken een opdracht en schrijven "
        f"op wat ze zagen. Zo ontdekken ze of {topic} bij hen past en welke opleiding daarbij hoort."
        for k in range(1, 5)
    )
    return (
        f"---\ntitle: Techniekroute {n}\ntype: programme\nlevels: [vmbo, havo]\nsources:\n"
        f'  - {{title: "Testdocument", publisher: "Techkompas tests", year: 2026}}\n'
        f"checked: 2026-0{1 + n % 9}-10\n---\n\n{sections}\n{extra}"
    )


def write_v1(corpus: Path) -> None:
    """The fixture corpus plus twelve generated programmes (about 80 chunks)."""
    if corpus.exists():
        shutil.rmtree(corpus)
    shutil.copytree(FIXTURES / "corpus", corpus)
    for n, topic in enumerate(TOPICS):
        (corpus / "programmes" / f"route-{n:02d}.md").write_text(programme(n, topic), "utf-8")


def edit_to_v2(corpus: Path) -> None:
    """Text edited (stale chunks), front matter edited (same text, other metadata), a file
    grown, a file added, two files removed."""
    technet = corpus / "programmes" / "technet.md"
    technet.write_text(
        technet.read_text("utf-8").replace("installatietechniek", "elektrotechniek"), "utf-8"
    )
    jetnet = corpus / "programmes" / "jet-net.md"
    jetnet.write_text(
        jetnet.read_text("utf-8").replace("levels: [havo, vwo]", "levels: [vmbo, havo, vwo]"),
        "utf-8",
    )
    grown = corpus / "programmes" / "route-05.md"
    grown.write_text(grown.read_text("utf-8") + "\n## Extra\n\nNieuwe alinea over lassen.\n")
    (corpus / "programmes" / "route-12.md").write_text(programme(12, "de energietransitie"))
    (corpus / "nieuws.html").unlink()
    (corpus / "programmes" / "route-03.md").unlink()


@dataclass
class World:
    """One corpus folder (always the same path, so the `root` metadata is comparable) and the
    clean indexes of its two versions."""

    corpus: Path
    scratch: Path
    v1_index: Path  # a clean ingest of v1, copied as the start of every update
    clean_v1: IndexState
    clean_v2: IndexState
    seconds: dict[str, float]  # Chroma write window of a first ingest (v1), an update (v2)

    def reset(self, version: str) -> None:
        write_v1(self.corpus)
        if version == "v2":
            edit_to_v2(self.corpus)

    def start_from(self, version: str, index: Path) -> None:
        """`index` holds a clean ingest of v1 (or nothing), the corpus is at `version`."""
        self.reset("v1")
        if version == "v2":
            shutil.copytree(self.v1_index, index)
            edit_to_v2(self.corpus)


def clean_ingest(corpus: Path, index: Path) -> None:
    code, report, err = run_ingest(corpus, index)
    assert code == 0 and report["failed"] == [], err


def write_window(corpus: Path, index: Path) -> float:
    """An ingest run to the end; returns the seconds from its first embedded batch (startup
    and planning done) to the start of its BM25 write: the Chroma writes, which the random
    kills aim at."""
    proc = start_ingest(corpus, index, "embed:1,bm25:1")
    wait_until_paused(proc)
    start = time.monotonic()
    os.kill(proc.pid, signal.SIGCONT)
    wait_until_paused(proc)
    seconds = time.monotonic() - start
    os.kill(proc.pid, signal.SIGCONT)
    assert proc.wait(timeout=300) == 0, stderr_of(proc)
    return seconds


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    root = tmp_path_factory.mktemp("crash")
    corpus, scratch = root / "corpus", root / "scratch"
    scratch.mkdir()
    write_v1(corpus)
    seconds = {"v1": write_window(corpus, root / "v1-index")}
    clean_v1 = read_index(root / "v1-index", scratch)
    shutil.copytree(root / "v1-index", root / "update-index")
    edit_to_v2(corpus)
    seconds["v2"] = write_window(corpus, root / "update-index")
    clean_ingest(corpus, root / "v2-fresh")
    clean_v2 = read_index(root / "v2-fresh", scratch)
    assert not differences(read_index(root / "update-index", scratch), clean_v2), (
        "an update without kills must already equal a fresh ingest"
    )
    assert len(clean_v1.chunks) > 60 and clean_v1.bm25_ids == set(clean_v1.chunks)
    assert len(clean_v1.sentences) > 60 and clean_v2.sentences != clean_v1.sentences
    print(f"write windows: {seconds} seconds; {len(clean_v1.chunks)} chunks in v1")
    return World(corpus, scratch, root / "v1-index", clean_v1, clean_v2, seconds)


def recover_and_compare(world: World, index: Path, version: str) -> None:
    code, report, err = run_ingest(world.corpus, index)
    assert code == 0 and report["failed"] == [], err
    clean = world.clean_v2 if version == "v2" else world.clean_v1
    assert differences(read_index(index, world.scratch), clean) == []


# -- the kill points ---------------------------------------------------------------------------

FIRST_INGEST = ["embed:1", "embed:5", "upsert:3", "bm25:1", "bm25-commit:1", "sentences:1"]
UPDATE = [
    "embed:2",
    "upsert:1",
    "upsert:3",
    "stale:1",
    "remove:1",
    "remove:2",
    "bm25:1",
    "bm25-commit:1",
    "sentences:1",
]


@pytest.mark.parametrize("pause_at", FIRST_INGEST)
def test_a_first_ingest_killed_at_a_phase_is_completed_by_the_next_run(
    world: World, tmp_path: Path, pause_at: str
):
    index = tmp_path / "index"
    world.start_from("v1", index)
    killed_at(world.corpus, index, pause_at)
    recover_and_compare(world, index, "v1")


@pytest.mark.parametrize("pause_at", UPDATE)
def test_an_update_killed_at_a_phase_is_completed_by_the_next_run(
    world: World, tmp_path: Path, pause_at: str
):
    index = tmp_path / "index"
    world.start_from("v2", index)
    killed_at(world.corpus, index, pause_at)
    recover_and_compare(world, index, "v2")


@pytest.mark.parametrize("pauses", [("upsert:2", "remove:1"), ("stale:1", "stale:1")])
def test_an_update_killed_twice_in_a_row_is_completed_by_the_third_run(
    world: World, tmp_path: Path, pauses: tuple[str, str]
):
    index = tmp_path / "index"
    world.start_from("v2", index)
    for pause_at in pauses:
        killed_at(world.corpus, index, pause_at)
    recover_and_compare(world, index, "v2")


@pytest.mark.parametrize("case", range(8))
def test_an_ingest_killed_at_a_random_moment_is_completed_by_the_next_run(
    world: World, tmp_path: Path, case: int
):
    """Killed at a random moment from its first embedded batch to a little after its Chroma
    writes (so some kills land in the BM25 write)."""
    version = "v1" if case % 2 == 0 else "v2"
    delay = random.Random(1000 + case).uniform(0, 1.25 * world.seconds[version])
    index = tmp_path / "index"
    world.start_from(version, index)
    proc = start_ingest(world.corpus, index, "embed:1")
    wait_until_paused(proc)
    os.kill(proc.pid, signal.SIGCONT)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    code = proc.wait(timeout=60)
    landed = "after the run had ended" if code != -signal.SIGKILL else "before any write"
    if code == -signal.SIGKILL and (index / "chroma.sqlite3").exists():
        old = set(world.clean_v1.chunks) if version == "v2" else set()
        new = set((world.clean_v2 if version == "v2" else world.clean_v1).chunks)
        held = set(read_index(index, world.scratch).chunks)
        landed = {
            frozenset(old): "before any chunk was written",
            frozenset(new): "after Chroma was complete",
        }.get(frozenset(held), "mid-write (Chroma held neither the old nor the new chunks)")
    print(f"random kill {case} ({version}) after {delay:.2f}s: {landed}")
    recover_and_compare(world, index, version)


# -- a disk that fills up during an ingest -----------------------------------------------------


def test_a_full_disk_stops_the_ingest_with_one_line_and_the_next_run_finishes(
    world: World, tmp_path: Path
):
    """RLIMIT_FSIZE makes every write past the largest file of the index fail (EFBIG; Python
    ignores SIGXFSZ), inside SQLite and inside Chroma's Rust core alike: a real full disk."""
    import resource

    index = tmp_path / "index"
    world.start_from("v2", index)
    limit = max(p.stat().st_size for p in index.rglob("*") if p.is_file())

    def full_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run(
        ingest_args(world.corpus, index),
        env=ingest_env(),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=full_disk,
    )
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.strip().splitlines()
    print(line)
    assert line.startswith(f"error: Cannot write the index at {index} (")
    assert "free disk space or make the folder writable" in line
    state = read_index(index, world.scratch)  # still opens and reads
    assert set(state.chunks) <= set(world.clean_v1.chunks) | set(world.clean_v2.chunks)
    assert state.bm25_integrity == "ok"
    recover_and_compare(world, index, "v2")
