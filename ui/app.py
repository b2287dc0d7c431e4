"""The pupil's chat page: a streaming ChatInterface with province/level choice and sources.
`respond` is a plain function over the `Assistant` (unit-tested without Gradio); `build_app` only
wires it into Gradio."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from assistant import texts
from assistant.answer import Outcome
from assistant.pipeline import Assistant
from assistant.records import PROVINCES
from assistant.types import LEVELS
from ui.render import companies_markdown, sources_markdown

log = logging.getLogger(__name__)


def respond(
    assistant: Assistant, message: str, history: list[dict[str, Any]], region: str, level: str
) -> Iterator[tuple[str, str, str]]:
    """(chat text, sources Markdown, companies Markdown) for each step of the answer."""
    province = None if region == texts.ALL_REGIONS else region
    school_level = None if level == texts.ALL_LEVELS else level
    try:
        for answer in assistant.stream(
            message, level=school_level, region=province, history=history
        ):
            text = texts.message(answer)
            if answer.outcome is Outcome.PENDING:
                text = f"_{text}_"
            yield text, sources_markdown(answer.hits), companies_markdown(answer.companies)
    except Exception:
        log.exception("answering failed")  # the pupil's text is not logged
        yield texts.SOMETHING_WENT_WRONG, texts.NO_SOURCES_YET, ""


def build_app(assistant: Assistant) -> Any:
    import gradio as gr

    def chat(
        message: str, history: list[dict[str, Any]], region: str, level: str
    ) -> Iterator[tuple[str, str, str]]:
        yield from respond(assistant, message, history, region, level)

    with gr.Blocks(title=texts.APP_TITLE) as demo:
        gr.Markdown(f"# {texts.APP_TITLE}\n{texts.APP_SUBTITLE}")
        sources = gr.Markdown(texts.NO_SOURCES_YET, elem_id="sources", render=False)
        companies = gr.Markdown("", elem_id="companies", render=False)
        region, level = (
            gr.Dropdown([first, *rest], value=first, label=label, elem_id=id_, render=False)
            for first, rest, label, id_ in (
                (texts.ALL_REGIONS, PROVINCES, texts.REGION_LABEL, "region"),
                (texts.ALL_LEVELS, LEVELS, texts.LEVEL_LABEL, "level"),
            )
        )
        with gr.Row():
            region.render()
            level.render()
        gr.ChatInterface(
            chat,
            chatbot=gr.Chatbot(elem_id="chatbot", height=420),
            textbox=gr.Textbox(placeholder=texts.PLACEHOLDER, elem_id="question", submit_btn=True),
            additional_inputs=[region, level],
            additional_outputs=[sources, companies],
            api_name="chat",
        )
        with gr.Row():
            sources.render()
            companies.render()
        gr.Markdown(f"<small>{texts.DISCLAIMER}</small>")
    return demo


def launch(demo: Any, settings: Any, **kwargs: Any) -> None:
    demo.queue(default_concurrency_limit=2).launch(
        server_name=settings.host,
        server_port=settings.port,
        share=False,
        ssr_mode=False,
        footer_links=["api"],
        **kwargs,
    )
