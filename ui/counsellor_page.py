"""The counsellor's page (/decaan), wired into Gradio: log in, create a class session (code,
link, QR code), the live dashboard refreshed every few seconds, export. The handlers are in
ui/counsellor.py. Off, with a Dutch explanation, when no secret is configured."""

from __future__ import annotations

from typing import Any

from assistant import texts
from assistant.catalog import Catalog
from assistant.classroom import Classroom
from assistant.records import PROVINCES
from assistant.settings import Settings
from assistant.types import LEVELS
from ui import counsellor
from ui.dashboard import DASHBOARD_CSS

REFRESH_SECONDS = 5


def counsellor_page(
    gr: Any, settings: Settings, catalog: Catalog, classroom: Classroom | None
) -> None:
    secret = settings.counsellor_password
    gate = counsellor.Gate(secret.get_secret_value() if secret else None)
    gr.HTML(f"<style>{DASHBOARD_CSS}</style><h1>{texts.COUNSELLOR_TITLE}</h1>")
    if not gate.enabled:
        gr.Markdown(texts.COUNSELLOR_OFF, elem_id="counsellor-off")
        return
    state = gr.State(counsellor.CounsellorState())
    with gr.Row():
        password = gr.Textbox(label=texts.COUNSELLOR_PASSWORD, type="password",
                              elem_id="counsellor-password", scale=3)  # fmt: skip
        login = gr.Button(texts.COUNSELLOR_LOG_IN, elem_id="counsellor-login", scale=1)
    status = gr.Markdown("", elem_id="counsellor-status")
    form = _session_form(gr, catalog)
    code_view = gr.HTML("", elem_id="class-code-view")
    board = gr.HTML("", elem_id="dashboard")
    download = gr.Button(texts.COUNSELLOR_EXPORT, elem_id="counsellor-export")
    files = gr.File(file_count="multiple", interactive=False, elem_id="counsellor-files")
    timer = gr.Timer(REFRESH_SECONDS)

    def create(
        page: counsellor.CounsellorState,
        label: str,
        level: str,
        region: str,
        companies: list[str],
        hours: float,
        request: Any,
    ) -> list[Any]:
        created = counsellor.create_session(
            classroom, page, catalog, _base_url(request, settings),
            label=label or "", level=level or None, region=region or None,
            companies=list(companies or []), hours=float(hours or 2),
            max_pupils=settings.class_max_pupils,
        )  # fmt: skip
        return [page, created.message, _code_html(created)]

    create.__annotations__["request"] = gr.Request  # Gradio passes the request by type
    login.click(
        lambda p, attempt: (p, counsellor.log_in(gate, p, attempt), ""),
        [state, password], [state, status, password], api_name=False,
    )  # fmt: skip
    form["create"].click(
        create, [state, *form["fields"]], [state, status, code_view], api_name=False
    )
    timer.tick(lambda p: counsellor.dashboard(classroom, p), [state], board, api_name=False)
    download.click(lambda p: counsellor.export(classroom, p), [state], files, api_name=False)


def _session_form(gr: Any, catalog: Catalog) -> dict[str, Any]:
    companies = sorted((c.name, c.id) for c in catalog.companies.values())
    with gr.Row():
        label = gr.Textbox(label=texts.COUNSELLOR_LABEL, max_length=80, elem_id="class-label")
        level = gr.Dropdown(["", *LEVELS], value="", label=texts.COUNSELLOR_LEVEL)
        region = gr.Dropdown(["", *PROVINCES], value="", label=texts.COUNSELLOR_REGION)
    with gr.Row():
        chosen = gr.Dropdown(companies, multiselect=True, label=texts.COUNSELLOR_COMPANIES)
        hours = gr.Number(value=2, minimum=0.25, maximum=12, label=texts.COUNSELLOR_HOURS)
        create = gr.Button(texts.COUNSELLOR_CREATE, variant="primary", elem_id="class-create")
    return {"fields": [label, level, region, chosen, hours], "create": create}


def _base_url(request: Any, settings: Settings) -> str:
    """Where pupils reach this server (the address the counsellor used), for the join link."""
    url = getattr(request, "base_url", None) if request is not None else None
    return str(url) if url else f"http://{settings.host}:{settings.port}/"


def _code_html(created: counsellor.Created) -> str:
    if not created.code:
        return ""
    import html

    return (
        f'<div class="tk-dash"><h2>{html.escape(created.code)}</h2>'
        f'<p><a href="{html.escape(created.link)}">{html.escape(created.link)}</a></p>'
        f"{created.qr_svg}</div>"
    )
