"""PDF fixtures made on the fly with fpdf2 (no binaries in the repository)."""

from __future__ import annotations

from pathlib import Path

LATIN1_FIXES = {
    "\u2019": "'",
    "\u2018": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u2022": "-",
    "\ufffd": "",
}


def to_latin1(text: str) -> str:
    for bad, good in LATIN1_FIXES.items():
        text = text.replace(bad, good)
    return text.encode("latin-1", "replace").decode("latin-1")


def write_pdf(
    path: Path, pages: list[list[str]], *, header: str | None = None, password: str | None = None
) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.set_font("Helvetica", size=10)
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        if header:
            pdf.cell(0, 6, to_latin1(f"{header}   {number}"), new_x="LMARGIN", new_y="NEXT")
        for line in lines:
            pdf.cell(0, 5, to_latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def text_to_pages(text: str, lines_per_page: int = 48) -> list[list[str]]:
    lines = text.splitlines()
    return [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
