import unicodedata

from ingest.clean import clean_blocks, clean_text


def test_hyphenated_line_break_inside_a_word_is_joined():
    assert "daadwerkelijk aan" in clean_text(
        "in hoeverre kun je dit daadwerke-\nlijk aan het netwerk toeschrijven"
    )


def test_real_hyphen_before_a_capital_is_kept():
    assert "met Jet-Net samen" in clean_text("De school werkt met Jet-\nNet samen aan lessen.")


def test_hyphen_between_years_is_kept():
    assert "in 2011-2012 deden" in clean_text("in 2011-\n2012 deden 170 scholen mee.")


def test_hyphen_before_conjunction_keeps_the_space():
    assert "bèta- en techniek" in clean_text("het onderwijs in bèta-\nen techniek wordt sterker.")


def test_hyphenated_compound_seen_elsewhere_keeps_its_hyphen():
    text = "De vo-ho-netwerken zijn regionaal. Zo werken de havo-\nvwo scholen samen. Ook havo-vwo leerlingen."
    assert "havo-vwo scholen" in clean_text(text)


def test_word_split_without_hyphen_is_joined_when_the_document_uses_the_word():
    text = "Zaken en Werk\ngelegenheid heeft geld gegeven.\n\nDe werkgelegenheid groeit."
    assert "Werkgelegenheid heeft" in clean_text(text)


def test_ordinary_line_break_becomes_a_space():
    assert "werken samen aan" in clean_text("Scholen en bedrijven werken\nsamen aan lessen.")


def test_blank_line_after_every_line_is_collapsed_and_paragraphs_survive():
    words = ["een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien"]
    lines = [f"Dit is de {w}de regel van een lange alinea over techniek" for w in words]
    text = "\n\n".join(lines[:5]) + "\n\n \n\n" + "\n\n".join(lines[5:]) + "\n\n"
    blocks = [b.text for b in clean_blocks(text) if not b.heading]
    assert len(blocks) == 2
    assert blocks[0].startswith("Dit is de eende regel") and "vijfde regel" in blocks[0]


def test_running_header_and_page_numbers_are_dropped():
    page = "Midterm review Meer Betere Bèta's {n}\nDe scholen doen mee aan het programma en leren veel.\n{n}\n\n"
    text = "".join(page.format(n=n) for n in range(1, 6))
    cleaned = clean_text(text)
    assert "Midterm review" not in cleaned
    assert cleaned.count("De scholen doen mee") == 5
    assert not any(line.strip().isdigit() for line in cleaned.splitlines())


def test_fused_footnote_numbers_are_removed_but_co2_stays():
    cleaned = clean_text("De review is uitgevoerd1 door ResearchNed. De uitstoot van CO2 daalt.")
    assert "uitgevoerd door" in cleaned and "CO2" in cleaned


def test_decomposed_accents_become_composed():
    text = "Ide" + "e\u0308" + "n voor bèta"
    cleaned = clean_text(unicodedata.normalize("NFD", text))
    assert "Ideëen" in cleaned or "Ideëën" in cleaned or "Ideën" in cleaned
    assert unicodedata.is_normalized("NFC", cleaned)


def test_replacement_characters_and_toc_leaders_are_removed():
    text = "Inhoud\n\nImpact realiseren\ufffd \ufffd \ufffd \ufffd \ufffd 5\n\nDe co\ufffdrdinatie loopt goed."
    cleaned = clean_text(text)
    assert "\ufffd" not in cleaned
    assert "Impact realiseren" not in cleaned


def test_web_teasers_after_the_article_are_dropped():
    text = (
        "Nieuws\n\nJet-Net gaat regionaal verder.\n\nDe scholen blijven samenwerken.\n\n"
        "Lees meer\n\nEen\n\nTwee\n\nDrie\n\nPopulaire artikelen\n\nTimmerman voor de klas\n"
    )
    cleaned = clean_text(text)
    assert "regionaal verder" in cleaned
    assert "Timmerman" not in cleaned and "Lees meer" not in cleaned


def test_short_line_before_text_becomes_a_heading():
    blocks = clean_blocks(
        "Eerste alinea eindigt hier.\n\nHet onderzoek\nDe onderzoekers stuurden een vragenlijst."
    )
    assert [b.text for b in blocks if b.heading] == ["Het onderzoek"]
