from pathlib import Path

import pytest

from assistant.errors import SourceError
from ingest.load import load_document
from tests.pdfs import write_pdf


def test_markdown_front_matter_and_headings_become_metadata(corpus: Path):
    doc = load_document(corpus / "programmes/jet-net.md", "corpus/programmes/jet-net.md")
    assert doc.title == "Wat is Jet-Net?"
    assert doc.doc_type == "programme"
    assert doc.metadata["levels"] == ["havo", "vwo"]
    assert [s.heading for s in doc.sections] == ["Ontstaan", "Wat je via Jet-Net kunt doen"]
    assert "havo- en vwo-leerlingen voor techniek" in doc.sections[0].text


def test_html_keeps_the_article_and_drops_navigation_scripts_and_teasers(corpus: Path):
    doc = load_document(corpus / "nieuws.html", "corpus/nieuws.html")
    text = " ".join(s.text for s in doc.sections)
    assert "praten leerlingen met ingenieurs" in text
    for noise in ("Contact", "cookies", "tracking", "Timmerman", "Copyright"):
        assert noise not in text
    assert doc.title == "Career Days in Zwolle"


def test_role_record_is_rendered_as_dutch_sections(corpus: Path):
    doc = load_document(corpus / "roles/procesoperator.yaml", "corpus/roles/procesoperator.yaml")
    assert doc.doc_type == "role"
    assert doc.metadata["levels"] == ["vmbo", "havo"]
    routes = doc.sections[1].text
    assert routes.startswith("Zo kun je procesoperator worden:\n- Vanuit het vmbo kun je")
    assert "- Vanuit de havo kun je de hbo-opleiding Chemische Technologie doen." in routes
    assert "Profiel: N&T. Daarvoor heb je deze vakken nodig: wiskunde B en scheikunde." in routes
    what = doc.sections[0].text
    assert "Wat je doet als procesoperator:\n- " in what and what.endswith(
        "Sector: procesindustrie, chemie."
    )


def test_company_record_is_labelled_as_example_profile(corpus: Path):
    doc = load_document(corpus / "companies/zoutwerk-delfzijl.yaml", "c.yaml")
    assert doc.metadata["province"] == "Groningen"
    assert "(voorbeeldprofiel)" in doc.sections[0].text
    assert "stage (mbo)" in doc.sections[0].text


def test_pdf_pages_are_kept(tmp_path: Path):
    path = write_pdf(
        tmp_path / "twee.pdf", [["Eerste pagina over techniek."], ["Tweede pagina over Jet-Net."]]
    )
    doc = load_document(path, "t/twee.pdf")
    assert [(s.page, s.text) for s in doc.sections] == [
        (1, "Eerste pagina over techniek."),
        (2, "Tweede pagina over Jet-Net."),
    ]


def test_corrupt_pdf_gives_a_source_error(tmp_path: Path):
    path = tmp_path / "kapot.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ngarbage")
    with pytest.raises(SourceError, match="PDF"):
        load_document(path, "t/kapot.pdf")


def test_encrypted_pdf_says_so(tmp_path: Path):
    path = write_pdf(tmp_path / "geheim.pdf", [["Geheime tekst."]], password="wachtwoord")
    with pytest.raises(SourceError, match="encrypted"):
        load_document(path, "t/geheim.pdf")


def test_pdf_without_text_says_it_may_be_a_scan(tmp_path: Path):
    path = write_pdf(tmp_path / "leeg.pdf", [[]])
    with pytest.raises(SourceError, match="no extractable text"):
        load_document(path, "t/leeg.pdf")


def test_text_that_is_not_utf8_names_the_line(tmp_path: Path):
    path = tmp_path / "oud.txt"
    path.write_bytes("Regel een\nRegel twee caf\xe9\n".encode("latin-1"))
    with pytest.raises(SourceError) as info:
        load_document(path, "t/oud.txt")
    assert info.value.line == 2 and "UTF-8" in info.value.reason


def test_unknown_extension_is_refused_with_the_supported_types(tmp_path: Path):
    path = tmp_path / "verslag.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(SourceError, match="unsupported file type '.docx'.*\\.pdf"):
        load_document(path, "t/verslag.docx")


def test_broken_yaml_reports_the_line(tmp_path: Path):
    path = tmp_path / "roles" / "kapot.yaml"
    path.parent.mkdir()
    path.write_text("id: kapot\ntitle: Kapot\naliases: [a, b\nsectors: [bouw]\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_document(path, "t/roles/kapot.yaml")
    assert info.value.line in (3, 4) and "invalid YAML" in info.value.reason


def test_record_with_unknown_field_reports_field_and_line(corpus: Path):
    path = corpus / "companies/zoutwerk-delfzijl.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "kleur: blauw\n", encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_document(path, "c/zoutwerk-delfzijl.yaml")
    assert "unknown field 'kleur'" in info.value.reason
    assert info.value.line == len(path.read_text(encoding="utf-8").splitlines())
