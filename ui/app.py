"""The pupil's page, composed: the chat tab (ui/pupil.py), the quiz tab (ui/quiz.py), the
rendering (ui/render.py). Only Gradio wiring lives here; every handler is a plain function that
is tested without a browser. Stable element ids for tests and scripts: chatbot, question,
sources, companies, route, quiz, feedback-up, feedback-down, level, town."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from assistant import texts
from assistant.classroom import Classroom
from assistant.feedback import corpus_version
from assistant.pipeline import Assistant
from assistant.quiz import ANSWER_LABELS, STATEMENTS
from assistant.storage import Storage
from ui import pupil
from ui.counsellor_page import counsellor_page
from ui.quiz import quiz_outcome
from ui.render import PAGE_CSS, privacy_html

log = logging.getLogger(__name__)
N_CHIPS = 5


def build_app(assistant: Assistant, storage: Storage | None = None) -> Any:
    """The pupil's page at /, and the counsellor's page at /decaan (off without its secret)."""
    import gradio as gr

    catalog = assistant.directory.catalog
    classroom = Classroom(storage, catalog=catalog) if storage is not None else None
    version = corpus_version(assistant.settings.corpus_dir)
    with gr.Blocks(title=texts.APP_TITLE) as demo:
        state = gr.State(pupil.PageState())
        gr.HTML(f"<h1>{texts.APP_TITLE}</h1><p>{texts.APP_SUBTITLE}</p>")
        level, year, town, status = _context_row(gr)
        code, join = _class_row(gr)
        with gr.Tabs(selected="chat") as tabs:
            with gr.Tab(texts.TAB_CHAT, id="chat"):
                chat = _chat_tab(gr, assistant, storage, classroom, version, state)
            with gr.Tab(texts.TAB_QUIZ, id="quiz", elem_id="quiz"):
                _quiz_tab(gr, list(catalog.roles.values()), state, tabs, chat, classroom)
        gr.HTML(privacy_html(assistant.settings.feedback_retention_days))
        level.change(_pick_level, [level, state], [state, *chat["chips"]], api_name=False)
        year.change(_pick_year, [year, state], [state], api_name=False)
        town.change(
            lambda t, s: _pick_town(assistant, t, s), [town, state], [state, status],
            api_name=False,
        )  # fmt: skip

        def joined(value: str, page: pupil.PageState) -> tuple[pupil.PageState, str]:
            return page, pupil.join_class(classroom, value, page)

        join.click(joined, [code, state], [state, status], api_name="join")
        _from_link.__annotations__["request"] = gr.Request  # Gradio passes the request by type

        def joined_by_link(value: str, page: pupil.PageState) -> tuple[Any, Any]:
            if not value:  # no ?klas= in the link: leave the page as the pupil set it
                return gr.skip(), gr.skip()
            return joined(value, page)

        demo.load(_from_link, None, code, api_name=False).then(
            joined_by_link, [code, state], [state, status], api_name=False
        )
    with demo.route(texts.COUNSELLOR_TITLE, "/decaan", show_in_navbar=False):
        counsellor_page(gr, assistant.settings, catalog, classroom)
    return demo


def _class_row(gr: Any) -> tuple[Any, Any]:
    with gr.Row(equal_height=True):
        code = gr.Textbox(label=texts.CLASS_CODE_LABEL, elem_id="class-code", max_length=12,
                          scale=3)  # fmt: skip
        join = gr.Button(texts.CLASS_JOIN, elem_id="class-join", scale=1)
    return code, join


def _from_link(request: Any) -> str:
    """/?klas=CODE fills in the class code (joined right after)."""
    params = getattr(request, "query_params", None) or {}
    return str(params.get("klas", ""))[:12]


def _context_row(gr: Any) -> tuple[Any, Any, Any, Any]:
    with gr.Row(equal_height=True):
        level = gr.Dropdown(
            list(texts.LEVEL_CHOICES), value=texts.LEVEL_UNKNOWN, label=texts.LEVEL_LABEL,
            elem_id="level",
        )  # fmt: skip
        year = gr.Dropdown(list(texts.SCHOOL_YEARS), value=None, label=texts.YEAR_LABEL)
        town = gr.Textbox(label=texts.TOWN_LABEL, placeholder=texts.TOWN_PLACEHOLDER,
                          elem_id="town", max_length=60)  # fmt: skip
    town_status = gr.Markdown("", elem_id="town-status")
    return level, year, town, town_status


def _chat_tab(
    gr: Any,
    assistant: Assistant,
    storage: Storage | None,
    classroom: Classroom | None,
    version: str,
    state: Any,
) -> dict[str, Any]:
    with gr.Row(elem_classes=["tk-chips"]):
        chips = [gr.Button(q, size="sm") for q in pupil.examples_for(None)[:N_CHIPS]]
    chatbot = gr.Chatbot(
        elem_id="chatbot", height=420, label=texts.CHAT_LABEL, buttons=["copy"],
        feedback_options=None,  # our own feedback buttons store the rating
    )  # fmt: skip
    with gr.Row():
        question = gr.Textbox(placeholder=texts.PLACEHOLDER, elem_id="question", scale=5,
                              label=texts.QUESTION_LABEL, max_length=1000)  # fmt: skip
        send = gr.Button(texts.SEND, variant="primary", scale=1)
    with gr.Row():
        up = gr.Button(texts.FEEDBACK_UP, elem_id="feedback-up", size="sm")
        down = gr.Button(texts.FEEDBACK_DOWN, elem_id="feedback-down", size="sm")
        comment = gr.Textbox(label=texts.FEEDBACK_COMMENT, elem_id="feedback-comment",
                             max_length=500, scale=3)  # fmt: skip
        new = gr.Button(texts.NEW_CONVERSATION, size="sm")
    feedback_status = gr.Markdown("", elem_id="feedback-status")
    route = gr.HTML("", elem_id="route")
    with gr.Row(elem_id="panels"):
        sources = gr.HTML(texts.NO_SOURCES_YET, elem_id="sources")
        companies = gr.HTML("", elem_id="companies")
    panels = [chatbot, sources, companies, route, state]

    def ask(message: str, chat: list[dict[str, Any]], page: pupil.PageState) -> Iterator[Any]:
        for turn in pupil.chat_turn(assistant, message, chat, page, classroom):
            yield turn.chat, turn.sources, turn.companies, turn.route, turn.state

    def rate(rating: int) -> Any:
        return lambda note, page: pupil.give_feedback(
            storage, page, rating, note, version, classroom
        )

    # All answering events share one pool of workers; the model's own admission (answer budget)
    # decides who waits, not Gradio's queue (its default would answer two pupils at a time).
    answering = {"concurrency_id": "answer", "concurrency_limit": assistant.settings.chat_workers}
    asked = gr.State("")  # the question, taken out of the box the moment it is sent
    for sent in (send.click, question.submit):
        sent(lambda q: ("", q), question, [question, asked], api_name=False).then(
            ask, [asked, chatbot, state], panels, api_name=False, **answering
        )
    # The same answer for scripts and the load generator: POST /chat (message, history).
    api = gr.Button(visible=False)
    api.click(ask, [question, chatbot, state], panels, api_name="chat", **answering)
    for chip in chips:
        chip.click(ask, [chip, chatbot, state], panels, api_name=False, **answering)
    up.click(rate(1), [comment, state], feedback_status, api_name=False)
    down.click(rate(-1), [comment, state], feedback_status, api_name=False)
    new.click(_new_conversation, [state], [*panels, feedback_status], api_name=False)
    return {"chips": chips, "ask": ask, "panels": panels, "question": question, **answering}


def _quiz_tab(
    gr: Any,
    roles: list[Any],
    state: Any,
    tabs: Any,
    chat: dict[str, Any],
    classroom: Classroom | None,
) -> None:
    gr.Markdown(texts.QUIZ_INTRO)
    radios = [
        gr.Radio(list(ANSWER_LABELS.values()), label=s.text, elem_id=f"quiz-{s.id}")
        for s in STATEMENTS
    ]
    show = gr.Button(texts.QUIZ_SHOW, variant="primary", elem_id="quiz-show")
    result = gr.HTML("", elem_id="quiz-result")
    with gr.Row():
        starts = [gr.Button("", visible=False, size="sm") for _ in range(3)]

    def outcome(page: pupil.PageState, *choices: str | None) -> list[Any]:
        html, questions, top = quiz_outcome(choices, roles, page.level)
        pupil.record_in_class(classroom, page, quiz=top)
        labels = [*questions, "", "", ""][:3]
        return [html, *(gr.Button(q, visible=bool(q)) for q in labels)]

    show.click(outcome, [state, *radios], [result, *starts], api_name=False)
    for start in starts:
        start.click(lambda: gr.Tabs(selected="chat"), None, tabs, api_name=False).then(
            chat["ask"], [start, chat["panels"][0], state], chat["panels"], api_name=False,
            concurrency_id=chat["concurrency_id"], concurrency_limit=chat["concurrency_limit"],
        )  # fmt: skip


def _pick_level(label: str, page: pupil.PageState) -> list[Any]:
    import gradio as gr

    page.level, page.level_label = pupil.school_level(label), label
    return [page, *(gr.Button(q) for q in pupil.examples_for(label)[:N_CHIPS])]


def _pick_year(year: str, page: pupil.PageState) -> pupil.PageState:
    page.school_year = year or ""
    return page


def _pick_town(assistant: Assistant, town: str, page: pupil.PageState) -> list[Any]:
    page.province, message = pupil.place_of(assistant.analyzer, town or "")
    return [page, message]


def _new_conversation(page: pupil.PageState) -> list[Any]:
    page.question, page.answer, page.rated = "", None, False
    return [[], texts.NO_SOURCES_YET, "", "", page, ""]


# Sent with every response: no MIME sniffing, no referrer to other sites, never inside another
# site's frame, no camera/microphone/location. (No full Content-Security-Policy: Gradio's page
# needs inline scripts and styles.)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
# Gradio routes this app never uses, refused: fetching any URL for a caller (an outbound
# connection), uploads (the page takes no files) and deep links (they write a pupil's
# conversation to disk).
REFUSED = re.compile(r"^/gradio_api/(file[=/]\W*(https?:|//)|upload|deep_link)", re.I)


class SecurityHeaders:
    """ASGI middleware: `SECURITY_HEADERS` on every HTTP response, 403 for `REFUSED` paths."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        if REFUSED.match(scope.get("path", "")):
            await with_headers({"type": "http.response.start", "status": 403, "headers": []})
            await with_headers({"type": "http.response.body", "body": b"Forbidden"})
            return
        await self.app(scope, receive, with_headers)


def launch(demo: Any, settings: Any, **kwargs: Any) -> None:
    """Serve the pages: loopback unless settings say otherwise, no share tunnel, no extra
    `allowed_paths` (Gradio serves only its own files), no monitoring page, no run history kept
    in the pupil's browser, the security headers on every response."""
    from starlette.middleware import Middleware

    app_kwargs = dict(kwargs.pop("app_kwargs", None) or {})
    app_kwargs["middleware"] = [*app_kwargs.get("middleware", []), Middleware(SecurityHeaders)]
    demo.queue(default_concurrency_limit=2).launch(
        server_name=settings.host,
        server_port=settings.port,
        share=False,
        ssr_mode=False,
        footer_links=["api"],
        css=PAGE_CSS,
        enable_monitoring=False,
        run_history=False,
        app_kwargs=app_kwargs,
        **kwargs,
    )
