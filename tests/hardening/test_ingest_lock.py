"""One ingest at a time per index: a second one stops with one clear line (exit 2) naming the
lock file and what to do, and neither run damages the index. The in-process tests are fast;
the ones that run the CLI twice at once are marked slow."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from assistant.errors import IndexBusyError, IndexWriteError
from ingest.lock import ingest_lock, lock_path
from tests.hardening.test_ingest_crash import (
    differences,
    ingest_args,
    ingest_env,
    read_index,
    run_ingest,
    start_ingest,
    stderr_of,
    wait_until_paused,
    write_v1,
)

REPO = Path(__file__).resolve().parents[2]


def test_a_second_lock_on_the_same_index_is_refused_naming_the_lock_file_and_the_fix(
    tmp_path: Path,
):
    with (
        ingest_lock(tmp_path / "index"),
        pytest.raises(IndexBusyError) as refused,
        ingest_lock(tmp_path / "index"),
    ):
        pass
    message = str(refused.value)
    assert str(lock_path(tmp_path / "index")) in message
    assert f"(pid {os.getpid()})" in message
    assert "wait until it has finished, then run 'techkompas ingest' again" in message


def test_the_lock_is_free_again_after_its_block(tmp_path: Path):
    with ingest_lock(tmp_path / "index"):
        pass
    with ingest_lock(tmp_path / "index") as held:
        assert held == lock_path(tmp_path / "index")


def test_locks_on_two_indexes_do_not_block_each_other(tmp_path: Path):
    with ingest_lock(tmp_path / "a"), ingest_lock(tmp_path / "b"):
        pass


def test_index_paths_stops_while_another_ingest_holds_the_lock(settings, corpus: Path):
    from ingest.indexer import index_paths

    with ingest_lock(settings.index_dir), pytest.raises(IndexBusyError):
        index_paths(settings, [corpus])
    assert not (settings.index_dir / "chroma.sqlite3").exists()


def test_with_a_chroma_server_the_lock_still_sits_in_the_index_folder(settings, corpus: Path):
    """The BM25 side lives in the index folder, so the lock does too; refused before any
    connection is tried (port 9 has no Chroma server)."""
    from ingest.indexer import index_paths

    remote = settings.model_copy(update={"chroma_url": "http://127.0.0.1:9"})
    with ingest_lock(settings.index_dir), pytest.raises(IndexBusyError, match="ingest.lock"):
        index_paths(remote, [corpus])


def test_a_lock_in_a_read_only_folder_is_one_clear_error(tmp_path: Path):
    folder = tmp_path / "index"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as root: file permissions do not stop writes here")
        with (
            pytest.raises(IndexWriteError, match="make the index folder writable"),
            ingest_lock(folder),
        ):
            pass
    finally:
        folder.chmod(0o755)


# -- two real ingests at once (slow) ----------------------------------------------------------


@pytest.fixture
def corpus_v1(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    write_v1(corpus)
    return corpus


@pytest.fixture
def clean(corpus_v1: Path, tmp_path: Path):
    """What a clean ingest of the corpus holds."""
    code, _, err = run_ingest(corpus_v1, tmp_path / "clean-index")
    assert code == 0, err
    return read_index(tmp_path / "clean-index", tmp_path)


@pytest.mark.slow
def test_a_second_ingest_stops_with_one_line_and_exit_2_while_the_first_runs(
    corpus_v1: Path, tmp_path: Path
):
    index = tmp_path / "index"
    first = start_ingest(corpus_v1, index, pause_at="embed:2")
    wait_until_paused(first)
    try:
        code, _, err = run_ingest(corpus_v1, index)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait()
    assert code == 2
    assert err.strip().splitlines() == [
        f"error: Another ingest (pid {first.pid}) is writing to the index {index} "
        f"(lock file {index / 'ingest.lock'}): wait until it has finished, then run "
        "'techkompas ingest' again"
    ]


@pytest.mark.slow
def test_the_refused_ingest_leaves_the_running_one_to_finish_a_clean_index(
    corpus_v1: Path, tmp_path: Path, clean
):
    index = tmp_path / "index"
    first = start_ingest(corpus_v1, index, pause_at="upsert:2")
    wait_until_paused(first)
    code, _, _ = run_ingest(corpus_v1, index)
    os.kill(first.pid, signal.SIGCONT)
    assert first.wait(timeout=300) == 0, stderr_of(first)
    assert code == 2
    assert differences(read_index(index, tmp_path), clean) == []


@pytest.mark.slow
def test_a_killed_ingest_leaves_no_stale_lock(corpus_v1: Path, tmp_path: Path, clean):
    index = tmp_path / "index"
    first = start_ingest(corpus_v1, index, pause_at="embed:1")
    wait_until_paused(first)
    first.send_signal(signal.SIGKILL)
    first.wait()
    code, report, err = run_ingest(corpus_v1, index)
    assert code == 0, err
    assert differences(read_index(index, tmp_path), clean) == []


@pytest.mark.slow
def test_two_ingests_started_together_end_with_one_clean_index(
    corpus_v1: Path, tmp_path: Path, clean
):
    index = tmp_path / "index"
    runs = [
        subprocess.Popen(
            ingest_args(corpus_v1, index),
            env=ingest_env(),
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    ends = [(run.wait(timeout=300), run.stderr.read()) for run in runs]  # type: ignore[union-attr]
    for code, err in ends:
        assert code == 0 or (code == 2 and "error: Another ingest" in err), err
    assert 0 in [code for code, _ in ends]
    assert differences(read_index(index, tmp_path), clean) == []
