"""`techkompas loadtest`: its sums and guards (fast), and the load generator driving the served
app (the real Gradio server, fake embeddings, the fake model) with 10 pupils (slow)."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from evals import loadtest
from evals.loadtest import (
    CLASS_MIX,
    Plan,
    Sample,
    answer_state,
    check_plan,
    format_summary,
    percentile,
    read_conversations,
    rss_mb,
    run_loadtest,
    server_pid,
    summarise,
)
from tests.conftest import free_port


def test_the_class_mix_has_conversations_with_follow_ups_and_near_duplicates():
    conversations = read_conversations(CLASS_MIX)
    assert len(conversations) >= 30 and any(len(c) > 1 for c in conversations)
    firsts = [c[0].lower().rstrip("?") for c in conversations]
    assert len(set(firsts)) < len(firsts)  # the same opening question, typed again


def test_a_questions_file_without_questions_is_a_clear_error(tmp_path: Path):
    empty = tmp_path / "q.txt"
    empty.write_text("# only a comment\n\n")
    with pytest.raises(ValueError, match="no questions"):
        read_conversations(empty)
    two = tmp_path / "two.txt"
    two.write_text("wat is mbo\nen hbo\n\n\nwat doet een lasser\n")
    assert read_conversations(two) == [["wat is mbo", "en hbo"], ["wat doet een lasser"]]


@pytest.mark.parametrize(
    ("url", "users", "seconds", "message"),
    [
        ("http://example.org:7860/", 1, 10, "loopback"),
        ("http://10.0.0.5:7860/", 1, 10, "loopback"),
        ("http://127.0.0.1:7860/", 0, 10, "--users"),
        ("http://127.0.0.1:7860/", 1000, 10, "--users"),
        ("http://localhost:7860/", 1, 99999, "--seconds"),
    ],
)
def test_the_load_generator_is_bounded_and_loopback_only(url, users, seconds, message):
    with pytest.raises(ValueError, match=message):
        check_plan(Plan(url, users, seconds, [["x"]]))


def test_the_summary_counts_errors_model_answers_and_cache_hits():
    plan = Plan("http://127.0.0.1:1/", 2, 60, [["x"]])
    plan.samples = [
        Sample(0.2, 0.5, "answered", "records", cached=True),
        Sample(0.4, 3.0, "answered", "local"),
        Sample(1.0, 9.0, "fallback", "records"),
        Sample(None, 0.1, "refused", ""),
        Sample(error="timeout"),
    ]
    result = summarise(plan, elapsed=60, rss_start=100.0, rss_end=110.0)
    assert (result["questions"], result["answers"], result["errors"]) == (5, 4, 1)
    assert result["model_share"] == pytest.approx(1 / 3, abs=1e-3)  # of the written answers
    assert result["cache_hits"] == 1 and result["cache_hit_rate"] == 0.25
    assert result["first_sentence_s"] == {"p50": 0.4, "p95": 1.0, "max": 1.0}
    assert result["first_sentence_by_writer_s"] == {
        "model": {"p50": 0.4, "p95": 0.4},
        "sheet": {"p50": 0.2, "p95": 1.0},
    }
    assert "model: p50 0.4 s" in format_summary(result)
    assert result["answers_per_minute"] == 4.0 and result["error_kinds"] == {"timeout": 1}


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 21)]
    assert percentile(values, 0.5) == 10 and percentile(values, 0.95) == 19
    assert percentile([], 0.5) is None


def test_the_sources_panel_tells_how_the_answer_came_about():
    from assistant.answer import Answer, Outcome
    from ui.render import sources_html

    html = sources_html([], Answer(Outcome.ANSWERED, text="x", backend="records", cached=True))
    assert answer_state(html) == {
        "outcome": "answered", "backend": "records", "cached": "1", "error": "0"
    }  # fmt: skip
    assert answer_state(sources_html([])) == {}


def test_the_server_process_is_found_by_its_listening_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert server_pid(sock.getsockname()[1]) == os.getpid()
    memory = rss_mb(os.getpid())
    assert memory is not None and memory > 10
    assert rss_mb(None) is None


def test_a_file_closed_while_looking_does_not_hide_the_server(monkeypatch):
    """The server opens and closes sockets all the time: one fd gone between listing and
    reading must not make its whole process look like another one (CI: rss start None)."""
    real, own = os.readlink, f"/proc/{os.getpid()}/fd/"
    gone = []

    def flaky(path):
        if str(path).startswith(own) and not gone:
            gone.append(path)
            raise FileNotFoundError(path)
        return real(path)

    monkeypatch.setattr(loadtest.os, "readlink", flaky)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        assert server_pid(sock.getsockname()[1]) == os.getpid()
    assert gone


@pytest.fixture
def served(page_settings, page_assistant):
    """The app as `techkompas serve` launches it, with the fake model and the answer cache,
    and a count of the questions it was asked."""
    from assistant.chat_models import ChatFake
    from assistant.wiring import open_assistant
    from ui.app import build_app, launch

    settings = page_settings.model_copy(update={"llm": "fake", "port": free_port()})
    assistant = open_assistant(settings, ChatFake())
    asked = []
    stream = assistant.stream

    def counted(question, **pupil):
        asked.append(bool(pupil.get("history")))
        return stream(question, **pupil)

    assistant.stream = counted  # type: ignore[method-assign]
    demo = build_app(assistant)
    launch(demo, settings, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{settings.port}/", assistant, asked
    demo.close()


@pytest.mark.slow
def test_ten_pupils_get_every_answer_and_the_counts_match_the_server(served):
    url, assistant, asked = served
    mix = [["wat doet een procesoperator", "en wat verdien je daar"], ["Wat is Jet-Net?"]]
    plan = Plan(url, users=10, seconds=8, conversations=mix, think_s=0.3, ramp_s=1)
    result = run_loadtest(plan)
    assert result["errors"] == 0 and result["questions"] == len(asked) >= 20
    assert any(asked), "follow-ups carry the conversation"
    assert result["cache_hits"] == assistant.cache.hits > 0
    assert result["model_share"] is not None and result["model_share"] > 0.5  # the fake phrases
    assert result["first_sentence_s"]["p50"] is not None
    assert result["rss_mb"]["start"] is not None  # the server is this very process
    # the pupils' threads are gone (the server's own stream and worker threads may linger)
    assert not [t for t in threading.enumerate() if t.name.startswith(loadtest.PUPIL_THREAD)]
