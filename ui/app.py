"""The pupil's chat page: a streaming ChatInterface with province/level choice and sources."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

from assistant import texts
from assistant.records import PROVINCES
from ui.render import companies_markdown, sources_markdown

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
log = logging.getLogger(__name__)


def build_app(assistant: Any) -> Any:
    import gradio as gr

    def respond(
        message: str, history: list[dict[str, Any]], region: str, level: str
    ) -> Iterator[tuple[str, str, str]]:
        province = None if region == texts.ALL_REGIONS else region
        school_level = None if level == texts.ALL_LEVELS else level
        try:
            for answer in assistant.stream(
                message, level=school_level, region=province, history=history
            ):
                text = f"_{answer.text}_" if answer.pending else answer.text
                text = f"_{answer.notice}_\n\n{text}" if answer.notice else text
                yield text, sources_markdown(answer.hits), companies_markdown(answer.companies)
        except Exception:
            log.exception("answering failed")  # the pupil's text is not logged
            yield texts.SOMETHING_WENT_WRONG, texts.NO_SOURCES_YET, ""

    with gr.Blocks(title=texts.APP_TITLE) as demo:
        gr.Markdown(f"# {texts.APP_TITLE}\n{texts.APP_SUBTITLE}")
        sources = gr.Markdown(texts.NO_SOURCES_YET, elem_id="sources", render=False)
        companies = gr.Markdown("", elem_id="companies", render=False)
        region = gr.Dropdown(
            [texts.ALL_REGIONS, *PROVINCES],
            value=texts.ALL_REGIONS,
            label=texts.REGION_LABEL,
            elem_id="region",
            render=False,
        )
        level = gr.Dropdown(
            [texts.ALL_LEVELS, "vmbo", "havo", "vwo"],
            value=texts.ALL_LEVELS,
            label=texts.LEVEL_LABEL,
            elem_id="level",
            render=False,
        )
        with gr.Row():
            region.render()
            level.render()
        gr.ChatInterface(
            respond,
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
