"""Loaders: PDF (pypdf, pages kept), .txt, .md (front matter, headings), .html (main text),
and YAML records. Each returns a `SourceDocument` or raises `SourceError` with the reason."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from assistant.errors import SourceError
from assistant.records import DocumentMeta
from ingest.clean import PAGE_MARK, Block, clean_blocks, normalise
from ingest.documents import Section, SourceDocument, sections_from_blocks
from ingest.record_text import load_record
from ingest.yamlio import load_model

SUPPORTED = (".pdf", ".txt", ".md", ".html", ".htm", ".yaml", ".yml")
# Data files and templates that live in a corpus folder but are not documents to embed.
NOT_DOCUMENTS = {"readme.md", "regions.yaml", "synonyms.yaml", "onderwerpen.yaml"}


def is_document(path: Path) -> bool:
    name = path.name.lower()
    return not name.startswith(("_", ".")) and name not in NOT_DOCUMENTS


def load_document(path: Path, source: str) -> SourceDocument:
    suffix = path.suffix.lower()
    _refuse_link(path, source)
    match suffix:
        case ".pdf":
            return load_pdf(path, source)
        case ".txt":
            text = _without_remote_media(read_text(path, source))
            return _from_blocks(source, clean_blocks(text), path.stem)
        case ".md":
            return load_markdown(path, source)
        case ".html" | ".htm":
            return load_html(path, source)
        case ".yaml" | ".yml":
            read_text(path, source)  # not UTF-8 or binary: say so with the line, then parse
            try:
                return load_record(path, source)
            except SourceError as exc:  # some record errors name the file by its full path
                if exc.path == source:
                    raise
                raise SourceError(source, exc.reason, exc.line) from exc
    raise SourceError(
        source,
        f"unsupported file type '{suffix or path.name}': convert it to {', '.join(SUPPORTED)}",
    )


def _refuse_link(path: Path, source: str) -> None:
    """A symbolic link may point anywhere (outside the corpus, at private files): not followed."""
    if path.is_symlink():
        raise SourceError(
            source,
            "a symbolic link: links are not followed (one may point outside the corpus); "
            "copy the file into the corpus folder instead",
        )


def read_text(path: Path, source: str) -> str:
    """The file as UTF-8 text; a SourceError with the line for other encodings and binary data."""
    _refuse_link(path, source)
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            source, f"not UTF-8 text (byte {exc.start}): save it as UTF-8", line
        ) from exc
    if "\x00" in text:  # valid UTF-8, but a text file never holds NUL bytes: binary data
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(source, "binary data, not text (a NUL byte): is it a text file?", line)
    return text


# Markdown images and raw <img>, <script>, <style> in a document's text: the chat renders an
# answer as Markdown, so a quoted passage must not make the pupil's browser load a remote image
# or run anything. An image keeps its alt text; a script or style element goes with its body.
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_RAW_ELEMENT = re.compile(r"<(script|style|svg)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_RAW_TAG = re.compile(
    r"</?(?:script|style|svg|img|image|picture|iframe|object|embed|video|audio|source|link|meta)"
    r"\b[^>]*>",
    re.I,
)


def _without_remote_media(text: str) -> str:
    if "<" not in text and "![" not in text:
        return text
    return _RAW_TAG.sub(" ", _RAW_ELEMENT.sub(" ", _MD_IMAGE.sub(r"\1", text)))


def _title(text: str) -> str:
    """A title from file metadata on one line, without control characters."""
    return " ".join(normalise(text).split())[:120]


def _from_blocks(source: str, blocks: list[Block], fallback_title: str) -> SourceDocument:
    sections = sections_from_blocks(blocks)
    if not sections:
        raise SourceError(source, "no text found in the file")
    first = blocks[0].text if blocks and len(blocks[0].text) <= 100 else ""
    title = first or next((b.text for b in blocks if b.heading), "") or fallback_title
    return SourceDocument(source, title[:120], "document", sections)


def load_pdf(path: Path, source: str) -> SourceDocument:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(source, "the PDF is encrypted: save an unprotected copy")
        pages = [_without_remote_media(page.extract_text() or "") for page in reader.pages]
        title = _title(str((reader.metadata.title if reader.metadata else None) or ""))
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise SourceError(source, f"cannot read the PDF ({exc}): is it complete?") from exc
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        raise SourceError(source, f"cannot read the PDF ({type(exc).__name__}: {exc})") from exc
    # Clean the whole document at once so running headers repeated on every page are seen.
    marker = "\n\n" + PAGE_MARK + "{}\n\n"
    joined = "".join(marker.format(i + 1) + text for i, text in enumerate(pages))
    sections: list[Section] = []
    page, heading = 1, ""
    blocks_of_page: list[Block] = []
    for block in clean_blocks(joined) + [Block(PAGE_MARK + "0")]:
        if block.text.startswith(PAGE_MARK) and block.text[1:].isdigit():
            page_sections = sections_from_blocks(blocks_of_page, page, heading)
            sections += page_sections
            heading = page_sections[-1].heading if page_sections else heading
            page, blocks_of_page = int(block.text[1:]), []
        else:
            blocks_of_page.append(block)
    if not sections:
        raise SourceError(source, "the PDF has no extractable text (a scan? run OCR first)")
    first_heading = next((s.heading for s in sections if s.heading), "")
    return SourceDocument(source, (title or first_heading or path.stem)[:120], "document", sections)


def load_markdown(path: Path, source: str) -> SourceDocument:
    text = normalise(read_text(path, source))
    meta = DocumentMeta(title=path.stem.replace("-", " "))
    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    if match:
        try:
            meta, _ = load_model(DocumentMeta, match.group(1), source)
        except SourceError as exc:  # the front matter starts on the file's second line
            raise SourceError(source, exc.reason, exc.line + 1 if exc.line else None) from exc
        text = text[match.end() :]
    text = _without_remote_media(text)
    sections: list[Section] = []
    heading, lines = "", list[str]()
    for line in text.split("\n") + ["# \u241e"]:
        found = re.match(r"^(#{1,6})\s+(.*)$", line)
        if found:
            body = "\n\n".join(b.text for b in clean_blocks("\n".join(lines)))
            if body:
                sections.append(Section(body, heading))
            if found.group(2) != "\u241e" and found.group(1) == "#" and not match:
                meta = meta.model_copy(update={"title": found.group(2).strip()})
            heading, lines = found.group(2).strip(), []
        else:
            lines.append(line)
    if not sections:
        raise SourceError(source, "no text found in the Markdown file")
    return SourceDocument(
        source,
        meta.title,
        meta.type,
        sections,
        {"levels": list(meta.levels), "date": meta.checked.isoformat() if meta.checked else ""},
    )


class _MainText(HTMLParser):
    """Collect visible text, skipping navigation, scripts, forms, footers and teasers."""

    SKIP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "svg"}
    SKIP_HINT = re.compile(
        r"nav|menu|teaser|footer|cookie|breadcrumb|share|related|sidebar|popular"
    )
    BLOCK_TAGS = {
        "p",
        "div",
        "li",
        "section",
        "article",
        "br",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
    VOID = {"br", "img", "hr", "meta", "link", "input", "source", "wbr", "area", "base", "col"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # open elements and whether each is skipped; an end tag closes the innermost element
        # of its name (and what was left open inside it), a stray end tag closes nothing
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []
        self.title = ""
        self._in_title = False
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hint = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        if tag == "title":
            self._in_title = True
        if tag in self.BLOCK_TAGS:
            self.parts.append("\n\n")
        if tag in ("h1", "h2", "h3") and not self.skipping:
            self._heading = ""
        if tag in self.VOID:
            return
        skip = tag in self.SKIP_TAGS or bool(self.SKIP_HINT.search(hint.lower()))
        self.stack.append((tag, skip or self.skipping))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in self.CDATA_CONTENT_ELEMENTS:  # "<script/>": browsers run what follows
            self.set_cdata_mode(tag)
        else:
            self.handle_endtag(tag)

    @property
    def skipping(self) -> bool:
        return bool(self.stack and self.stack[-1][1])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.parts.append(f"\n\n# {self._heading.strip()}\n\n")
            self._heading = None
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break
        if tag in self.BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self.skipping:
            return  # scripts, styles, navigation: also inside a heading
        elif self._heading is not None:
            self._heading += data
        else:
            self.parts.append(data)


def load_html(path: Path, source: str) -> SourceDocument:
    parser = _MainText()
    parser.feed(read_text(path, source))
    parser.close()  # the text after the last tag
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", _without_remote_media("".join(parser.parts)))
    blocks: list[Block] = []
    for chunk in re.split(r"\n{2,}", text):
        chunk = chunk.strip()
        if chunk.startswith("# "):
            blocks.append(Block(chunk[2:], heading=True))
        elif chunk:
            blocks.extend(clean_blocks(chunk))
    title = _title(parser.title)
    doc = _from_blocks(source, blocks, title or path.stem)
    if title:
        doc.title = title.split(" - ")[0][:120]
    return doc
