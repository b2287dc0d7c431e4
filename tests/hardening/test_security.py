"""The served app's attack surface: the counsellor's events refuse without the secret and slow
down wrong tries, only `chat` and `join` are API endpoints, Gradio serves no file it did not
make (and fetches no URL for a caller), the security headers are on every response, and the
server reaches nothing beyond loopback. The slow tests run `techkompas serve` for real."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant import texts
from tests.hardening import netguard
from ui.app import REFUSED, SECURITY_HEADERS, SecurityHeaders, launch

PASSWORD = "juist-wachtwoord-42"
WRONG = "fout-wachtwoord-7"
REPO = Path(__file__).resolve().parents[2]


# -- launch() and the middleware, without a server ---------------------------------------------


class _Demo:
    """Stands in for gr.Blocks: records what launch() passes to Gradio."""

    def __init__(self) -> None:
        self.kwargs: dict[str, Any] = {}

    def queue(self, **_: Any) -> _Demo:
        return self

    def launch(self, **kwargs: Any) -> None:
        self.kwargs = kwargs


def test_launch_serves_no_extra_paths_no_share_no_monitoring_no_run_history(settings):
    demo = _Demo()
    launch(demo, settings)
    assert not demo.kwargs.get("allowed_paths") and demo.kwargs["share"] is False
    assert demo.kwargs["server_name"] == "127.0.0.1"
    assert demo.kwargs["enable_monitoring"] is False and demo.kwargs["run_history"] is False
    middleware = demo.kwargs["app_kwargs"]["middleware"]
    assert [m.cls for m in middleware] == [SecurityHeaders]


def _asgi_app() -> Any:
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def ok(request: Any) -> PlainTextResponse:
        return PlainTextResponse("ok", headers={"X-Frame-Options": "SAMEORIGIN"})

    return SecurityHeaders(Starlette(routes=[Route("/{path:path}", ok)]))


def test_the_middleware_adds_the_headers_and_keeps_a_stricter_one_it_finds():
    from starlette.testclient import TestClient

    response = TestClient(_asgi_app()).get("/")
    assert response.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        if name != "X-Frame-Options":
            assert response.headers[name] == value
    assert response.headers.get_list("X-Frame-Options") == ["SAMEORIGIN"]  # not sent twice


@pytest.mark.parametrize(
    "path",
    [
        "/gradio_api/file=https://example.com/x.png",
        "/gradio_api/file=http://10.0.0.1/admin",
        "/gradio_api/file=HTTP://evil.example",
        "/gradio_api/file=//evil.example/x",
        "/gradio_api/file/https://example.com/x.png",
        "/gradio_api/upload",
        "/gradio_api/deep_link",
    ],
)
def test_routes_the_app_never_uses_are_refused(path):
    from starlette.testclient import TestClient

    assert REFUSED.match(path)
    response = TestClient(_asgi_app()).get(path)
    assert response.status_code == 403 and response.headers["X-Content-Type-Options"] == "nosniff"


# -- the served app ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from tests.hardening.served import build_index, start_server

    root = tmp_path_factory.mktemp("security")
    env = build_index(root)
    env["TECHKOMPAS_COUNSELLOR_PASSWORD"] = PASSWORD
    served = start_server(root, env)
    yield {"server": served, "root": root, "db": root / "techkompas.sqlite3"}
    served.stop()


@pytest.mark.slow
def test_only_chat_and_join_are_api_endpoints(server):
    from gradio_client import Client

    url = server["server"].url
    info = httpx.get(url + "gradio_api/info", timeout=30).json()
    assert set(info["named_endpoints"]) == {"/chat", "/join"}
    assert not info.get("unnamed_endpoints")
    api = Client(url, verbose=False).view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/chat", "/join"}
    with pytest.raises(ValueError):
        Client(url, verbose=False).predict(PASSWORD, api_name="/log_in")


@pytest.mark.slow
def test_counsellor_events_do_nothing_without_logging_in(server):
    from tests.hardening.served import Page

    page = Page(server["server"].url)
    create = page.fn_index("class-create")
    state, status, code_html = page.outputs(create, None, "Hackersklas", "", "", [], 2)
    assert status == texts.COUNSELLOR_LOG_IN_FIRST and code_html == ""
    assert page.outputs(page.fn_index("counsellor-export"), None)[0] in (None, [])
    timer = next(c["id"] for c in page.config["components"] if c["type"] == "timer")
    tick = next(
        int(d["id"]) for d in page.config["dependencies"] if [timer, "tick"] in d["targets"]
    )
    assert page.outputs(tick, None) == [""]
    with sqlite3.connect(server["db"]) as db:
        assert db.execute("SELECT count(*) FROM class_sessions").fetchone() == (0,)


@pytest.mark.slow
def test_wrong_passwords_are_refused_and_slowed_down_then_the_secret_works(server):
    from tests.hardening.served import Page

    page = Page(server["server"].url)
    login, create = page.fn_index("counsellor-login"), page.fn_index("class-create")
    took = []
    for _ in range(4):
        start = time.monotonic()
        _, status, cleared = page.outputs(login, None, WRONG)
        took.append(time.monotonic() - start)
        assert status == texts.COUNSELLOR_WRONG and cleared == ""
    assert max(took[:3]) < 2.0 and took[3] >= 2.0, took  # the 4th try waits 2 s
    assert page.outputs(login, None, PASSWORD)[1] == texts.COUNSELLOR_WELCOME
    created = page.outputs(create, None, "3H2 veilig", "", "", [], 2)
    assert "klas=" in created[2]  # logged in, the same event does create a session
    log = server["server"].stderr.read_text(errors="replace")
    assert "a wrong counsellor password" in log
    assert WRONG not in log and PASSWORD not in log


@pytest.mark.slow
@pytest.mark.parametrize(
    "target",
    [
        "/etc/passwd",
        "../../../../etc/passwd",
        str(REPO / "pyproject.toml"),
        "pyproject.toml",
        "{root}/techkompas.sqlite3",
        "{root}/index/lexical.sqlite3",
        "{root}/corpus/roles/procesoperator.yaml",
    ],
)
def test_gradio_serves_no_file_of_the_machine(server, target):
    url = server["server"].url
    path = target.format(root=server["root"])
    for route in (f"gradio_api/file={path}", f"gradio_api/file/{path.lstrip('/')}"):
        response = httpx.get(url + route, timeout=30)
        assert response.status_code in (400, 403, 404), (route, response.status_code)
        assert "root:" not in response.text and "[project]" not in response.text


@pytest.mark.slow
def test_gradio_fetches_no_url_for_a_caller(server):
    url = server["server"].url
    for remote in ("file=https://example.com/logo.png", "file=http://93.184.215.14/",
                   "file/https://example.com/logo.png"):  # fmt: skip
        response = httpx.get(url + f"gradio_api/{remote}", timeout=30)
        assert response.status_code == 403
    assert not netguard.blocked(server["server"].guard_log)  # refused before any lookup


@pytest.mark.slow
def test_uploads_deep_links_monitoring_and_run_history_are_off(server):
    url = server["server"].url
    assert (
        httpx.post(url + "gradio_api/upload", files={"files": ("a.txt", b"x")}).status_code == 403
    )
    assert httpx.get(url + "gradio_api/deep_link", params={"session_hash": "x"}).status_code == 403
    assert httpx.get(url + "monitoring/summary").status_code == 403
    assert httpx.get(url + "gradio_api/runs").status_code == 404


@pytest.mark.slow
@pytest.mark.parametrize("path", ["", "decaan", "config", "gradio_api/info", "?klas=ABC123"])
def test_security_headers_on_every_page_and_api_response(server, path):
    response = httpx.get(server["server"].url + path, timeout=30)
    assert response.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, name


@pytest.mark.slow
def test_the_pupil_api_still_answers_with_the_headers_on(server):
    from gradio_client import Client

    client = Client(server["server"].url, verbose=False)
    chat, *_ = client.predict("Wat is Jet-Net?", [], api_name="/chat")
    content = chat[-1]["content"]  # Gradio 6 gives a message as a list of parts
    assert "2002" in (
        " ".join(p["text"] for p in content) if isinstance(content, list) else content
    )


@pytest.mark.slow
def test_the_server_reached_nothing_beyond_loopback(server):
    lines = server["server"].guard_log.read_text().splitlines()
    assert lines and lines[0].startswith("active ")  # the guard was on in the server process
    assert netguard.blocked(server["server"].guard_log) == []


@pytest.mark.slow
def test_the_pages_still_work_in_a_browser_with_the_headers_on(server):
    from tests.ui.conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium not installed: run 'make browser'")
    from playwright.sync_api import expect, sync_playwright

    url, refused = server["server"].url, []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("console", lambda m: refused.append(m.text) if "Refused" in m.text else None)
        page.goto(url)
        box = page.locator("#question textarea")
        box.fill("Wat is Jet-Net?")
        box.press("Enter")
        answer = page.locator('#chatbot [data-testid="bot"]').last
        expect(answer).to_contain_text("2002", timeout=30_000)
        page.goto(url + "decaan")
        expect(page.locator("#counsellor-password input")).to_be_visible(timeout=20_000)
        browser.close()
    assert not refused, refused  # no script, style or frame blocked by the headers
