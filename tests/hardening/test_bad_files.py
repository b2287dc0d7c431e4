"""Bad input files: each is reported as one clear English line naming the file (and the line
where there is one), the run goes on, the other files keep exactly their chunks, and searching
still works. Every file is made in tmp_path at test time (no binaries in the repository)."""

from __future__ import annotations

import json
import logging
import os
import random
import re
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest

from tests.conftest import FIXTURES
from tests.pdfs import write_pdf

GOOD = {
    "corpus/programmes/jet-net.md",
    "corpus/programmes/technet.md",
    "corpus/nieuws.html",
    "corpus/roles/procesoperator.yaml",
    "corpus/companies/zoutwerk-delfzijl.yaml",
}
ROLE = (FIXTURES / "corpus/roles/procesoperator.yaml").read_text(encoding="utf-8")
COMPANY = (FIXTURES / "corpus/companies/zoutwerk-delfzijl.yaml").read_text(encoding="utf-8")
SECRET = "GEHEIMWACHTWOORD"  # text outside the corpus that must never reach the index
T = TypeVar("T")
RUN_LIMIT_S = 120  # a loop in a parser fails the test instead of hanging the suite


# -- helpers ---------------------------------------------------------------------------------------


def within(seconds: float, work: Callable[[], T]) -> T:
    """Run `work` in a thread; fail (not hang) when it takes longer than `seconds`."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            result["value"] = work()
        except BaseException as exc:  # re-raised in the test's thread
            result["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds}s: a loop or a hang"
    if "error" in result:
        raise result["error"]
    return result["value"]


def chunks_by_source(settings) -> dict[str, dict[str, str]]:
    """source -> {chunk id: text} in the settings' index."""
    from assistant.embedding import make_embeddings
    from assistant.store import open_collection

    collection = open_collection(settings, make_embeddings(settings))
    got = collection.get(include=["metadatas", "documents"])
    found: dict[str, dict[str, str]] = {}
    for chunk_id, meta, text in zip(got["ids"], got["metadatas"], got["documents"]):
        found.setdefault(meta["source"], {})[chunk_id] = text
    return found


def search_sources(settings, question: str) -> list[str]:
    from assistant.wiring import open_assistant

    return [hit.source for hit in open_assistant(settings).search(question).hits]


def pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def raw_pdf(objects: list[bytes], *, prev_to_self: bool = False, root: int = 1) -> bytes:
    """A PDF with the given objects (numbered from 1), a correct xref table and a trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    prev = b" /Prev %d" % xref if prev_to_self else b""
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        prev,
        xref,
    )
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), extra, data)


def text_pdf_objects(pages: list[list[str]], *, kids: bytes | None = None) -> list[bytes]:
    """Catalog (1), page tree (2), font (3), then a page and its content per page."""
    refs = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids or refs, len(pages)),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        shown = " T* ".join(f"({pdf_string(line)}) Tj" for line in lines)
        content = f"BT /F1 11 Tf 14 TL 50 780 Td {shown} ET".encode("latin-1")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * i)
        )
        objects.append(stream(content))
    return objects


def letters(n: int) -> str:
    """A word made of letters for a number (page texts that differ in more than digits)."""
    word = ""
    for _ in range(3):
        n, rest = divmod(n, 26)
        word = chr(ord("a") + rest) + word
    return word


LASSEN = [
    "Een lasser verbindt metalen onderdelen met elkaar in een werkplaats.",
    "Lassen leer je op het mbo in de opleiding Metaalbewerken.",
]


# -- the bad files -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bad:
    """A file put at `path` in the corpus copy by `make(corpus, target)`. `error`: a regex the
    one-line error must match (None: the file is indexed, or skipped when `indexed` is False);
    `line`: the line the error must name; `present`: text a chunk of the file must hold;
    `absent`: text no chunk in the index may hold."""

    id: str
    path: str
    make: Callable[[Path, Path], object]
    error: str | None = None
    line: int | None = None
    indexed: bool = True
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = field(default=())


def _bytes(data: bytes) -> Callable[[Path, Path], object]:
    return lambda corpus, target: target.write_bytes(data)


def _text(text: str) -> Callable[[Path, Path], object]:
    return lambda corpus, target: target.write_text(text, encoding="utf-8")


def _fpdf(pages: list[list[str]], **options: object) -> Callable[[Path, Path], object]:
    return lambda corpus, target: write_pdf(target, pages, **options)


def _truncated(fraction: float) -> Callable[[Path, Path], object]:
    def make(corpus: Path, target: Path) -> None:
        write_pdf(target, [LASSEN, ["Tweede pagina over solderen."]])
        data = target.read_bytes()
        target.write_bytes(data[: int(len(data) * fraction)])

    return make


def _owner_only(corpus: Path, target: Path) -> None:
    """Encrypted with an owner password only: anyone may open and read it."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="eigenaar", user_password="")
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    for line in LASSEN:
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(target))


def _image_only(corpus: Path, target: Path) -> None:
    from fpdf import FPDF
    from PIL import Image

    picture = corpus.parent / "scan.png"
    Image.new("RGB", (200, 100), (30, 30, 30)).save(picture)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=10, y=10, w=150)
    pdf.output(str(target))
    picture.unlink()


def _large_pdf(corpus: Path, target: Path) -> None:
    """About 12 MB: a page of text and a big stream that no page uses."""
    objects = text_pdf_objects([LASSEN])
    objects.append(stream(random.Random(7).randbytes(12_000_000)))
    target.write_bytes(raw_pdf(objects))


def _many_pages(corpus: Path, target: Path) -> None:
    pages = [[f"Onderwerp {letters(n)} gaat over lassen en solderen."] for n in range(2000)]
    target.write_bytes(raw_pdf(text_pdf_objects(pages)))


def _zip_bomb_page(corpus: Path, target: Path) -> None:
    """A page whose content stream inflates to 100 MB of zeros (pypdf's limit is 75 MB)."""
    objects = text_pdf_objects([LASSEN])
    objects[4] = stream(zlib.compress(b"\0" * 100_000_000, 9), b" /Filter /FlateDecode")
    target.write_bytes(raw_pdf(objects))


def _cyclic_pages(corpus: Path, target: Path) -> None:
    """The page tree lists itself as one of its kids."""
    target.write_bytes(raw_pdf(text_pdf_objects([LASSEN], kids=b"2 0 R 4 0 R")))


def _pages_point_to_catalog(corpus: Path, target: Path) -> None:
    target.write_bytes(raw_pdf(text_pdf_objects([LASSEN], kids=b"1 0 R")))


def _prev_loop(corpus: Path, target: Path) -> None:
    target.write_bytes(raw_pdf(text_pdf_objects([LASSEN]), prev_to_self=True))


def _form_draws_itself(corpus: Path, target: Path) -> None:
    """A form XObject whose content draws the form itself."""
    objects = text_pdf_objects([LASSEN])
    objects[3] = objects[3].replace(
        b"/Font << /F1 3 0 R >>", b"/Font << /F1 3 0 R >> /XObject << /X1 6 0 R >>"
    )
    objects[4] = stream(b"/X1 Do BT /F1 11 Tf 50 700 Td (Een lasser werkt met metaal.) Tj ET")
    objects.append(
        stream(
            b"/X1 Do",
            b" /Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /XObject << /X1 6 0 R >> >>",
        )
    )
    target.write_bytes(raw_pdf(objects))


def _garbage_operators(corpus: Path, target: Path) -> None:
    objects = text_pdf_objects([LASSEN])
    objects[4] = stream(b"BT /F9 11 Tf ] ] ) ( Tj 1 2 3 4 5 6 7 8 9 cm ET Q Q Q q" * 50)
    target.write_bytes(raw_pdf(objects))


def _symlink_out(corpus: Path, target: Path) -> None:
    outside = corpus.parent / "buiten" / "wachtwoorden.md"
    outside.parent.mkdir(exist_ok=True)
    outside.write_text(f"# Privé\n\nHet wachtwoord is {SECRET}.\n", encoding="utf-8")
    target.symlink_to(outside)


def _symlink_dir_out(corpus: Path, target: Path) -> None:
    outside = corpus.parent / "buitenmap"
    outside.mkdir(exist_ok=True)
    (outside / "geheim.md").write_text(f"# Privé\n\nCode {SECRET}.\n", encoding="utf-8")
    target.symlink_to(outside, target_is_directory=True)


def _symlink_to_device(corpus: Path, target: Path) -> None:
    target.symlink_to("/dev/zero")


def _symlink_loop(corpus: Path, target: Path) -> None:
    other = target.with_name("lus-b.md")
    target.symlink_to(other)
    other.symlink_to(target)


def _dangling(corpus: Path, target: Path) -> None:
    target.symlink_to(corpus.parent / "bestaat-niet.md")


def _fifo(corpus: Path, target: Path) -> None:
    os.mkfifo(target)


def _nested_html(corpus: Path, target: Path) -> None:
    deep = "<div>" * 5000 + "<p>Een lasser werkt diep in de boom met metaal.</p>" + "</div>" * 5000
    target.write_text(f"<html><body>{deep}</body></html>", encoding="utf-8")


def _record(base: str, old: str, new: str) -> str:
    assert old in base, old
    return base.replace(old, new)


def _role(old: str, new: str, *, rid: str = "kapotte-rol") -> Callable[[Path, Path], object]:
    text = _record(ROLE, "id: procesoperator", f"id: {rid}")
    return _text(_record(text, old, new) if old else text)


def _company(old: str, new: str) -> Callable[[Path, Path], object]:
    text = _record(COMPANY, "id: zoutwerk-delfzijl", "id: kapot-bedrijf")
    return _text(_record(text, old, new))


def _bomb(field_name: str, levels: int = 9) -> str:
    """Billion laughs: 9 levels of 9 aliases, 9**9 strings if anything expanded it."""
    rows = ["  - &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, levels):
        rows.append(f"  - &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]")
    return f"{field_name}:\n" + "\n".join(rows)


ROLE_BOMB = _record(
    _record(ROLE, "id: procesoperator", "id: bom-rol"), "aliases: [operator]", _bomb("aliases")
)
COMPANY_BOMB = _record(
    _record(COMPANY, "id: zoutwerk-delfzijl", "id: bom-bedrijf"),
    "offers: [bedrijfsbezoek, stage_mbo]",
    _bomb("offers"),
)
OLD_ROLE = (
    _record(ROLE, "id: procesoperator", "id: oud-rol").replace("Een", "Eén").encode("latin-1")
)
OLD_MD = "---\ntitle: Oud\n---\n\nCaf\xe9\n".encode("latin-1")
FRONT_MATTER = (FIXTURES / "corpus/programmes/technet.md").read_text(encoding="utf-8")
HTML_SCRIPTS = """<!DOCTYPE html>
<html><head><title>Lassen - Techkompas</title>
<style>body { color: red } .x::after { content: "STYLETEKST" }</style>
<script>var SCRIPTTEKST = "alert(1)"; document.write("<p>DOCWRITE</p>");</script>
<script src="https://tracker.example/t.js"></script>
</head><body>
<h1>Lassen<script>KOPSCRIPT()</script></h1>
<p>Een lasser verbindt metalen onderdelen.<script>INLINESCRIPT()</script> Hij werkt veilig.</p>
<SCRIPT type="text/javascript">HOOFDLETTERSCRIPT()</SCRIPT>
<noscript>NOSCRIPTTEKST</noscript>
<p style="display:none" onclick="ONCLICKSCRIPT()">Lassen leer je op het mbo.</p>
<svg><script>SVGSCRIPT()</script><text>SVGTEKST</text></svg>
<img src="https://tracker.example/pixel.gif" onerror="ONERRORSCRIPT()">
<!-- <script>COMMENTAARSCRIPT()</script> -->
<p>Een laatste alinea over veilig werken.</p>
</body></html>
"""
SCRIPT_WORDS = (
    "STYLETEKST", "SCRIPTTEKST", "alert(", "DOCWRITE", "tracker.example", "KOPSCRIPT",
    "INLINESCRIPT", "HOOFDLETTERSCRIPT", "NOSCRIPTTEKST", "ONCLICKSCRIPT", "SVGSCRIPT",
    "SVGTEKST", "ONERRORSCRIPT", "COMMENTAARSCRIPT", "<script", "<style",
)  # fmt: skip
HTML_BODY = "<p>Een lasser verbindt metalen onderdelen met elkaar.</p>"

CASES = [
    # -- PDF -------------------------------------------------------------------------------------
    Bad("pdf-corrupt", "kapot.pdf", _bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\nrommel"),
        r"cannot read the PDF"),
    Bad("pdf-is-html", "pagina.pdf", _bytes(b"<html><body>Geen PDF</body></html>"),
        r"cannot read the PDF"),
    Bad("pdf-zero-bytes", "leeg.pdf", _bytes(b""), r"cannot read the PDF .*empty"),
    Bad("pdf-header-only", "kop.pdf", _bytes(b"%PDF-1.7\n"), r"cannot read the PDF"),
    Bad("pdf-truncated-half", "half.pdf", _truncated(0.5), r"cannot read the PDF|no extractable text"),
    Bad("pdf-truncated-tail", "staart.pdf", _truncated(0.97), r"cannot read the PDF .*is it complete\?"),
    Bad("pdf-encrypted", "geheim.pdf", _fpdf([LASSEN], password="wachtwoord"), r"encrypted"),
    Bad("pdf-owner-password-only", "beperkt.pdf", _owner_only, None,
        present=("lasser verbindt",)),
    Bad("pdf-image-only", "scan.pdf", _image_only, r"no extractable text .*OCR"),
    Bad("pdf-blank-page", "blanco.pdf", _fpdf([[]]), r"no extractable text"),
    Bad("pdf-very-large", "groot.pdf", _large_pdf, None, present=("lasser verbindt",)),
    Bad("pdf-2000-pages", "dik.pdf", _many_pages, None, present=("Onderwerp aaa", "Onderwerp cxx")),
    Bad("pdf-zip-bomb-content", "bom.pdf", _zip_bomb_page, r"cannot read the PDF|no extractable text"),
    Bad("pdf-cyclic-page-tree", "lus.pdf", _cyclic_pages, r"cannot read the PDF"),
    Bad("pdf-pages-point-to-catalog", "lus2.pdf", _pages_point_to_catalog, r"cannot read the PDF|no extractable text"),
    Bad("pdf-cyclic-prev-xref", "prev.pdf", _prev_loop, None, present=("lasser verbindt",)),
    Bad("pdf-form-draws-itself", "vorm.pdf", _form_draws_itself, None, present=("lasser werkt",)),
    Bad("pdf-markup-in-its-text", "opmaak.pdf",
        lambda corpus, target: target.write_bytes(raw_pdf(text_pdf_objects([[
            *LASSEN, "![foto](https://tracker.example/p.png) Veilig lassen met een kap.",
            '<img src="http://tracker.example/x.gif"> <script>alert(2)</script> Klaar.']]))),
        None, present=("foto Veilig lassen", "Klaar."), absent=("tracker.example", "alert(", "<img")),
    Bad("pdf-garbage-operators", "rommel.pdf", _garbage_operators, r"no extractable text|cannot read the PDF"),
    # -- text and Markdown -----------------------------------------------------------------------
    Bad("txt-latin1", "oud.txt", _bytes("Regel een\nRegel twee café\n".encode("latin-1")),
        r"not UTF-8 text .*save it as UTF-8", line=2),
    Bad("txt-utf16", "utf16.txt", _bytes("Lassen is een vak.".encode("utf-16")), r"not UTF-8 text \(byte 0\)",
        line=1),
    Bad("txt-random-binary", "ruis.txt", _bytes(random.Random(1).randbytes(4096)), r"not UTF-8 text", line=1),
    Bad("txt-nul-bytes", "nullen.txt", _bytes(b"\0" * 4096), r"binary data, not text", line=1),
    Bad("txt-nul-on-line-3", "half-binair.txt", _bytes(b"Regel een.\nRegel twee.\nDrie\0\0\0\n"),
        r"binary data, not text", line=3),
    Bad("txt-zero-bytes", "leeg.txt", _bytes(b""), r"no text found"),
    Bad("txt-only-control-characters", "stuur.txt", _bytes(b"\x01\x02\x03\n\x07\x1b\x7f\n"),
        r"no text found"),
    Bad("txt-control-characters-in-prose", "stuurtekens.txt",
        _bytes(b"Een lasser\x07 verbindt\x1b[0m metalen\x0b onderdelen\x08 met elkaar.\n"), None,
        present=("lasser", "verbindt", "onderdelen"), absent=("\x07", "\x1b", "\x0b", "\x08")),
    Bad("txt-one-line-of-a-megabyte", "lang.txt", _text("lassen" * 35_000), None, present=("lassen",)),
    Bad("md-png-bytes", "plaatje.md", _bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        r"not UTF-8 text \(byte 0\)", line=1),
    Bad("md-cp1252", "windows.md", _bytes("# Kop\n\nTekst\n\nCafé \u201cquotes\u201d\n".encode("cp1252")),
        r"not UTF-8 text", line=5),
    Bad("md-zero-bytes", "leeg.md", _bytes(b""), r"no text found in the Markdown file"),
    Bad("md-front-matter-invalid-yaml", "kapot-voorwerk.md",
        _text("---\ntitle: Kapot\nlevels: [havo\n---\n\n# Kop\n\nTekst over lassen.\n"),
        r"invalid YAML", line=3),
    Bad("md-front-matter-wrong-level", "niveau.md",
        _text(_record(FRONT_MATTER, "levels: [vmbo]", "levels: [mbo]")),
        r"levels\.0: Input should be 'vmbo', 'havo' or 'vwo'", line=4),
    Bad("md-front-matter-bomb", "bom.md",
        _text("---\ntitle: Bom\n" + _bomb("levels") + "\n---\n\n# Kop\n\nTekst over lassen.\n"),
        r"levels\.0: Input should be", line=4),
    Bad("md-remote-images-and-raw-html", "plaatjes.md",
        _text("# Lassen\n\n![Een lasser aan het werk](https://tracker.example/foto.png) Lassen is "
              "een vak.\n\n<img src=\"http://tracker.example/pixel.gif\"> Je werkt met metaal.\n\n"
              "<script>alert('md')</script>Veilig werken is belangrijk.\n"),
        None, present=("Een lasser aan het werk", "Je werkt met metaal", "Veilig werken"),
        absent=("tracker.example", "<img", "<script", "alert(", "![")),
    # -- HTML ------------------------------------------------------------------------------------
    Bad("html-scripts-and-styles", "scripts.html", _text(HTML_SCRIPTS), None,
        present=("Een lasser verbindt metalen onderdelen.", "Hij werkt veilig", "laatste alinea"),
        absent=SCRIPT_WORDS),
    Bad("html-self-closing-script", "zelfsluitend.html",
        _text(f"<html><body>{HTML_BODY}<script/>ZELFSLUITSCRIPT()</script><p>Na het script.</p>"
              "</body></html>"),
        None, present=("Na het script",), absent=("ZELFSLUITSCRIPT",)),
    Bad("html-unclosed-script-at-end", "open.html",
        _text(f"<html><body>{HTML_BODY}<script>OPENSCRIPT(); var x = 1 < 2;"), None,
        present=("lasser verbindt",), absent=("OPENSCRIPT",)),
    Bad("html-stray-end-tags-in-nav", "nav.html",
        _text(f"<html><body><nav><ul><li>Home</li></span></b></li>NAVLEK</ul></nav>{HTML_BODY}"
              "</body></html>"),
        None, present=("lasser verbindt",), absent=("NAVLEK",)),
    Bad("html-only-scripts", "leeg.html",
        _text("<html><head><script>a()</script><style>p{}</style></head><body><script>b()</script>"
              "</body></html>"),
        r"no text found"),
    Bad("html-escaped-markup-in-text", "code.html",
        _text(f"<html><body>{HTML_BODY}<p>Schrijf nooit &lt;img src=&quot;https://tracker.example/"
              "x.png&quot;&gt; of &lt;script&gt;alert(3)&lt;/script&gt; in een verslag.</p></body></html>"),
        None, present=("Schrijf nooit", "in een verslag"), absent=("tracker.example", "alert(", "<img")),
    Bad("html-5000-nested-divs", "diep.html", _nested_html, None, present=("diep in de boom",)),
    Bad("html-latin1", "oud.html", _bytes("<html><body><p>Caf\xe9</p></body></html>".encode("latin-1")),
        r"not UTF-8 text", line=1),
    # -- YAML records ----------------------------------------------------------------------------
    Bad("yaml-billion-laughs-role", "roles/bom-rol.yaml", _text(ROLE_BOMB),
        r"aliases\.0: Input should be a valid string", line=4),
    Bad("yaml-billion-laughs-company", "companies/bom-bedrijf.yaml", _text(COMPANY_BOMB),
        r"offers\.0: Input should be", line=11),
    Bad("yaml-recursive-alias", "roles/lus-rol.yaml", _role("aliases: [operator]", "aliases: &a [*a]", rid="lus-rol"),
        r"aliases\.0: Input should be a valid string", line=3),
    Bad("yaml-nested-20000-deep", "roles/diep-rol.yaml",
        _role("aliases: [operator]", "aliases: " + "[" * 20000 + "]" * 20000, rid="diep-rol"),
        r"invalid YAML: nested too deeply"),
    Bad("yaml-python-tag", "roles/tag-rol.yaml",
        _role("aliases: [operator]", "aliases: !!python/object/apply:os.system ['touch GEHACKT']",
              rid="tag-rol"),
        r"invalid YAML: could not determine a constructor", line=3),
    Bad("yaml-nul-character", "roles/nul-rol.yaml", _role("title: Procesoperator", "title: Proces\0operator", rid="nul-rol"),
        r"binary data, not text", line=2),
    Bad("yaml-control-character", "roles/stuur-rol.yaml",
        _role("title: Procesoperator", "title: Proces\x07operator", rid="stuur-rol"),
        r"invalid YAML: control character U\+0007", line=2),
    Bad("yaml-latin1", "roles/oud-rol.yaml", _bytes(OLD_ROLE), r"not UTF-8 text", line=6),
    Bad("yaml-sectors-not-a-list", "roles/kapotte-rol.yaml", _role("sectors: [procesindustrie, chemie]", "sectors: bouw"),
        r"sectors: Input should be a valid list", line=4),
    Bad("yaml-unknown-sector", "roles/kapotte-rol.yaml",
        _role("sectors: [procesindustrie, chemie]", "sectors: [ruimtevaart]"),
        r"sectors\.0: Input should be 'installatie'", line=4),
    Bad("yaml-impossible-date", "roles/kapotte-rol.yaml", _role("checked: 2026-11-23", "checked: 2026-13-45"),
        r"checked: Input should be a valid date", line=27),
    Bad("yaml-year-as-word", "roles/kapotte-rol.yaml", _role("year: 2026}", "year: twee}"),
        r"sources\.0\.year: Input should be a valid integer", line=26),
    Bad("yaml-id-is-a-number", "roles/kapotte-rol.yaml", _role("id: kapotte-rol", "id: 123"),
        r"id: Input should be a valid string", line=1),
    Bad("yaml-levels-is-a-number", "roles/kapotte-rol.yaml", _role("levels: [vmbo, havo]", "levels: 3"),
        r"levels: Input should be a valid list", line=12),
    Bad("yaml-tasks-is-a-mapping", "roles/kapotte-rol.yaml",
        _role("tasks:\n  - installaties bewaken vanuit de controlekamer\n"
              "  - storingen oplossen met het onderhoudsteam\n", "tasks:\n  a: b\n"),
        r"tasks: Input should be a valid list", line=8),
    Bad("yaml-missing-field", "roles/kapotte-rol.yaml", _role("checked: 2026-11-23\n", ""),
        r"missing field 'checked'", line=1),
    Bad("yaml-unknown-field", "roles/kapotte-rol.yaml", _role("checked: 2026-11-23", "checked: 2026-11-23\nsalaris: 4000"),
        r"unknown field 'salaris'", line=28),
    Bad("yaml-company-example-not-a-bool", "companies/kapot-bedrijf.yaml",
        _company("example: true", "example: misschien"), r"example: Input should be a valid boolean", line=15),
    Bad("yaml-company-unknown-province", "companies/kapot-bedrijf.yaml",
        _company("province: Groningen", "province: Vlaanderen"), r"province: Input should be", line=3),
    Bad("yaml-company-website-not-a-url", "companies/kapot-bedrijf.yaml",
        _company("website: null", "website: javascript:alert(1)"), r"website: ", line=11),
    Bad("yaml-top-level-list", "roles/lijst-rol.yaml", _text("- id: lijst-rol\n- title: Lijst\n"),
        r"expected a YAML mapping", line=1),
    Bad("yaml-empty-record", "roles/leeg-rol.yaml", _bytes(b""), r"expected a YAML mapping", line=1),
    Bad("yaml-unknown-record-kind", "extra.yaml", _text("naam: iets\nkleur: blauw\n"),
        r"unknown YAML record", line=1),
    # -- paths -----------------------------------------------------------------------------------
    Bad("symlink-to-a-file-outside", "link.md", _symlink_out, r"symbolic link", absent=(SECRET,)),
    Bad("symlink-to-a-folder-outside", "linkmap", _symlink_dir_out, None, indexed=False, absent=(SECRET,)),
    Bad("symlink-to-dev-zero", "nul.txt", _symlink_to_device, None, indexed=False),
    Bad("symlink-loop", "lus-a.md", _symlink_loop, None, indexed=False),
    Bad("symlink-dangling", "weg.md", _dangling, None, indexed=False),
    Bad("fifo-named-txt", "pijp.txt", _fifo, None, indexed=False),
    Bad("name-250-ascii-bytes", "l" * 247 + ".md", _text("# Lang\n\nEen lasser met een lange naam.\n"),
        None, present=("lange naam",)),
    Bad("name-253-utf8-bytes", "é" * 125 + ".md", _text("# Accent\n\nEen lasser met accenten.\n"), None,
        present=("accenten",)),
    Bad("name-with-emoji-spaces-and-quotes", "🔧 'lassen' \"nu\" (1).txt", _text("Lassen met een moersleutel.\n"),
        None, present=("moersleutel",)),
    Bad("folder-50-deep", "/".join(["map"] * 50) + "/diep.txt", _text("Een lasser in een diepe map.\n"),
        None, present=("diepe map",)),
    Bad("unsupported-extension", "verslag.docx", _bytes(b"PK\x03\x04rommel"),
        r"unsupported file type '\.docx': convert it to \.pdf"),
    Bad("no-extension", "LICENSE", _text("MIT"), r"unsupported file type 'LICENSE'"),
    Bad("hidden-file", ".geheim.md", _text(f"# Geheim\n\n{SECRET}\n"), None, indexed=False,
        absent=(SECRET,)),
]  # fmt: skip


def _assert_clear(error: str, source: str, case: Bad) -> None:
    where = f"{source}:{case.line}: " if case.line else f"{source}: "
    assert error.startswith(where), (error, where)
    assert case.error and re.search(case.error, error), error
    assert "\n" not in error and len(error) < 400, error
    assert "Traceback" not in error
    # an unexpected exception is reported as "path: SomeError: ..." by the indexer's catch-all
    assert not re.match(rf"{re.escape(source)}(:\d+)?: [A-Z]\w*(Error|Exception|Warning)\b", error)


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> dict[str, dict[str, str]]:
    """The chunks of the clean fixture corpus: every bad run must leave these exactly."""
    import shutil

    from assistant.settings import load_settings
    from ingest.indexer import index_paths

    root = tmp_path_factory.mktemp("baseline")
    shutil.copytree(FIXTURES / "corpus", root / "corpus")
    settings = load_settings(
        index_dir=root / "index", embedding_model="fake", chunk_size=400, chunk_overlap=80,
        corpus_dir=FIXTURES / "corpus",
    )  # fmt: skip
    report = index_paths(settings, [root / "corpus"])
    assert report.failed == [] and report.files_indexed == len(GOOD)
    chunks = chunks_by_source(settings)
    assert set(chunks) == GOOD
    return chunks


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_bad_file_is_reported_in_one_line_and_the_rest_is_indexed(
    case: Bad, corpus: Path, settings, baseline, caplog
):
    from ingest.indexer import index_paths

    target = corpus / case.path
    target.parent.mkdir(parents=True, exist_ok=True)
    case.make(corpus, target)
    source = f"corpus/{case.path}"
    with caplog.at_level(logging.WARNING):
        report = within(RUN_LIMIT_S, lambda: index_paths(settings, [corpus]))
    failed = {f["path"]: f["error"] for f in report.failed}
    if case.error is not None:
        assert list(failed) == [source]
        _assert_clear(failed[source], source, case)
    else:
        assert failed == {}
    ours = [r for r in caplog.records if r.name.startswith(("ingest", "assistant"))]
    assert not [r for r in ours if r.levelno >= logging.ERROR or r.exc_info]  # no traceback
    stored = chunks_by_source(settings)
    for good, chunks in baseline.items():
        assert stored.get(good) == chunks, f"{good} changed"
    extra = set(stored) - GOOD
    if case.error is None and case.indexed:
        assert extra == {source}
        text = "\n".join(stored[source].values())
        for expected in case.present:
            assert expected in text
    else:
        assert extra == set()
    everything = "\n".join(t for chunks in stored.values() for t in chunks.values())
    for unwanted in case.absent:
        assert unwanted not in everything
    assert "corpus/programmes/jet-net.md" in search_sources(settings, "Wat is Jet-Net?")


LATER_IDS = (
    "pdf-corrupt",
    "pdf-cyclic-page-tree",
    "txt-nul-bytes",
    "yaml-billion-laughs-role",
    "symlink-to-a-file-outside",
    "html-scripts-and-styles",
)
LATER = [c for c in CASES if c.id in LATER_IDS]


@pytest.mark.parametrize("case", LATER, ids=[c.id for c in LATER])
def test_a_bad_file_added_to_an_indexed_corpus_leaves_the_index_as_it_was(
    case: Bad, corpus: Path, settings, baseline
):
    from ingest.indexer import index_paths

    first = index_paths(settings, [corpus])
    assert first.failed == [] and chunks_by_source(settings) == baseline
    target = corpus / case.path
    case.make(corpus, target)
    again = within(RUN_LIMIT_S, lambda: index_paths(settings, [corpus]))
    assert again.files_unchanged == len(GOOD)
    stored = chunks_by_source(settings)
    assert {s: stored[s] for s in GOOD} == baseline
    assert [f["path"] for f in again.failed] == (
        [] if case.error is None else [f"corpus/{case.path}"]
    )
    assert "corpus/roles/procesoperator.yaml" in search_sources(
        settings, "Hoe word je procesoperator?"
    )


def test_the_cli_lists_every_bad_file_on_its_own_line_and_indexes_the_rest(
    corpus: Path, tmp_path: Path, monkeypatch, capsys
):
    from assistant.cli import main

    monkeypatch.setenv("TECHKOMPAS_EMBEDDING_MODEL", "fake")
    chosen = [
        c for c in CASES if c.error is not None and not c.path.startswith(("roles/", "companies/"))
    ]
    chosen += [c for c in CASES if c.id in ("yaml-billion-laughs-role", "yaml-impossible-date")]
    for case in chosen:
        target = corpus / case.path
        if not target.exists():
            case.make(corpus, target)
    code = within(
        RUN_LIMIT_S, lambda: main(["ingest", str(corpus), "--index", str(tmp_path / "cli-index")])
    )
    out, err = capsys.readouterr()
    assert code == 1
    assert out.startswith(f"{len(GOOD)} files indexed, 0 unchanged, 0 removed;")
    lines = [x for x in err.splitlines() if x.startswith("failed: ")]  # not the progress bars
    assert len(lines) == len({c.path for c in chosen})
    for case in chosen:
        source = f"corpus/{case.path}"
        line = next(x for x in lines if x.startswith(f"failed: {source}:"))
        _assert_clear(line.removeprefix("failed: "), source, case)


def test_the_cli_json_report_names_the_bad_file_and_line(
    corpus: Path, tmp_path: Path, monkeypatch, capsys
):
    from assistant.cli import main

    monkeypatch.setenv("TECHKOMPAS_EMBEDDING_MODEL", "fake")
    (corpus / "roles" / "kapotte-rol.yaml").write_text(
        _record(
            _record(ROLE, "id: procesoperator", "id: kapotte-rol"),
            "levels: [vmbo, havo]",
            "levels: 3",
        ),
        encoding="utf-8",
    )
    code = main(["ingest", str(corpus), "--index", str(tmp_path / "json-index"), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["files_indexed"] == len(GOOD)
    assert report["failed"] == [
        {
            "path": "corpus/roles/kapotte-rol.yaml",
            "error": "corpus/roles/kapotte-rol.yaml:12: levels: Input should be a valid list",
        }
    ]


# -- corpus check: wrong types and unknown references, file:line -------------------------------------


@dataclass(frozen=True)
class Check:
    id: str
    path: str
    make: Callable[[Path, Path], object]
    expected: tuple[str, ...]  # the new problems, exactly, as printed


REF_ROLE = _record(ROLE, "id: procesoperator", "id: verwijzer")
CHECKS = [
    Check("unknown-related-role", "roles/verwijzer.yaml",
          _text(_record(REF_ROLE, "related_roles: []", "related_roles: [bestaat-niet]")),
          ("corpus/roles/verwijzer.yaml:23: unknown role 'bestaat-niet' in related_roles",)),
    Check("unknown-example-company", "roles/verwijzer.yaml",
          _text(_record(REF_ROLE, "example_companies: [zoutwerk-delfzijl]",
                        "example_companies: [zoutwerk-delfzijl, spookbedrijf]")),
          ("corpus/roles/verwijzer.yaml:24: unknown company 'spookbedrijf' in example_companies",)),
    Check("company-lists-unknown-role", "companies/verwijzer-bv.yaml",
          _text(_record(_record(COMPANY, "id: zoutwerk-delfzijl", "id: verwijzer-bv"),
                        "roles: [procesoperator]", "roles: [procesoperator, '; DROP TABLE roles;--']")),
          ("corpus/companies/verwijzer-bv.yaml:9: unknown role '; DROP TABLE roles;--' in roles",)),
    Check("id-differs-from-file-name", "roles/andere-naam.yaml", _text(REF_ROLE),
          ("corpus/roles/andere-naam.yaml:1: id 'verwijzer' does not match the file name "
           "'andere-naam'",)),
    Check("level-without-route", "roles/verwijzer.yaml",
          _text(_record(REF_ROLE, "levels: [vmbo, havo]", "levels: [vmbo, havo, vwo]")),
          ("corpus/roles/verwijzer.yaml:12: level 'vwo' has no route: add one under routes or drop "
           "the level",)),
    Check("wrong-type-in-check", "roles/verwijzer.yaml",
          _text(_record(REF_ROLE, "interests: [R, C]", "interests: R")),
          ("corpus/roles/verwijzer.yaml:11: interests: Input should be a valid list",)),
    Check("bomb-in-check", "roles/bom-rol.yaml", _text(ROLE_BOMB),
          tuple(f"corpus/roles/bom-rol.yaml:{4 + n}: aliases.{n}: Input should be a valid string"
                for n in range(9))),
    Check("deep-nesting-in-check", "roles/diep-rol.yaml",
          _role("aliases: [operator]", "aliases: " + "[" * 20000 + "]" * 20000, rid="diep-rol"),
          ("corpus/roles/diep-rol.yaml: invalid YAML: nested too deeply (flatten the lists)",)),
    Check("latin1-record-in-check", "roles/oud-rol.yaml", _bytes(OLD_ROLE),
          (f"corpus/roles/oud-rol.yaml:6: not UTF-8 text (byte {OLD_ROLE.index(0xE9)}): save it "
           "as UTF-8",)),
    Check("latin1-markdown-in-check", "programmes/oud.md", _bytes(OLD_MD),
          (f"corpus/programmes/oud.md:5: not UTF-8 text (byte {OLD_MD.index(0xE9)}): save it as "
           "UTF-8",)),
    Check("symlinked-record-in-check", "roles/link-rol.yaml",
          lambda corpus, target: target.symlink_to(corpus / "roles" / "procesoperator.yaml"),
          ("corpus/roles/link-rol.yaml: a symbolic link: links are not followed (one may point "
           "outside the corpus); copy the file into the corpus folder instead",)),
]  # fmt: skip


@pytest.mark.parametrize("case", CHECKS, ids=[c.id for c in CHECKS])
def test_the_corpus_check_reports_bad_records_as_file_line_message(case: Check, corpus: Path):
    from ingest.validate import check_corpus

    before = {str(p) for p in check_corpus(corpus).problems}
    case.make(corpus, corpus / case.path)
    report = within(RUN_LIMIT_S, lambda: check_corpus(corpus))
    after = [str(p) for p in report.problems]
    new = [p for p in after if p not in before and "companies; at least" not in p]
    assert sorted(new) == sorted(case.expected)


def test_records_with_unknown_references_are_indexed_and_still_answered(
    corpus: Path, settings, tmp_path: Path
):
    """The schema lets a reference to a missing record through (only `corpus check` sees it):
    ingesting and answering about such records must still work."""
    from assistant.answer import Outcome
    from assistant.wiring import open_assistant
    from ingest.indexer import index_paths

    (corpus / "roles" / "verwijzer.yaml").write_text(
        _record(
            _record(REF_ROLE, "related_roles: []", "related_roles: [bestaat-niet]"),
            "example_companies: [zoutwerk-delfzijl]",
            "example_companies: [spookbedrijf]",
        ).replace("title: Procesoperator", "title: Verwijzer"),
        encoding="utf-8",
    )
    (corpus / "companies" / "spook-bv.yaml").write_text(
        _record(
            _record(COMPANY, "id: zoutwerk-delfzijl", "id: spook-bv"),
            "roles: [procesoperator]",
            "roles: [geen-rol, verwijzer]",
        ).replace("name: Zoutwerk Delfzijl", "name: Spook BV"),
        encoding="utf-8",
    )
    report = index_paths(settings, [corpus])
    assert report.failed == [] and report.files_indexed == len(GOOD) + 2
    assistant = open_assistant(settings.model_copy(update={"corpus_dir": corpus}))
    for question in ("Wat doet een verwijzer?", "Hoe word je verwijzer?",
                     "Welke bedrijven in Groningen zoeken een verwijzer?", "Wat doet Spook BV?"):  # fmt: skip
        answer = assistant.ask(question)
        assert answer.reason != "error", question
        assert answer.outcome in (Outcome.ANSWERED, Outcome.FALLBACK, Outcome.NOT_IN_SOURCES)
