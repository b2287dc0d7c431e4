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


def test_fused_footnote_number_after_a_capitalised_word_is_removed():
    cleaned = clean_text("In mei werd het Techniekpact5 gesloten. Kies Nask1 en let op CO2.")
    assert "het Techniekpact gesloten" in cleaned and "Kies Nask1 en let op CO2" in cleaned


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


def _wrapped(lines: list[str]) -> str:
    """Text whose extractor ends every wrapped line with a space (as many PDF tools do)."""
    return "".join(f"{line} \n" for line in lines)


_FILLER = [
    f"werken de leerlingen in week {n} aan een opdracht van {w}"
    for n, w in enumerate(["een", "het", "de", "dit", "dat"] * 5)
]


def test_hyphenated_word_across_a_blank_line_is_joined():
    cleaned = clean_text("Dit jaar deden veel docen-\n\nten mee aan de dag.")
    assert "veel docenten mee" in cleaned


def test_hyphenated_word_across_a_page_break_is_joined_and_the_page_mark_moves_behind_it():
    blocks = [b.text for b in clean_blocks("Scholen en be-\n\n\u241e2\n\ndrijven hopen veel.")]
    assert blocks == ["Scholen en bedrijven hopen veel.", "\u241e2"]


def test_real_hyphen_across_a_blank_line_is_kept():
    assert "doen aan Jet-Net mee" in clean_text("Veel scholen doen aan Jet-\n\nNet mee.")


def test_sentence_cut_by_a_blank_line_stays_one_paragraph():
    blocks = clean_blocks("Het geld verschilt per school,\n\nmaar meestal is het weinig.")
    assert [b.text for b in blocks] == [
        "Het geld verschilt per school, maar meestal is het weinig."
    ]


def test_line_ending_in_an_article_continues_on_the_next_paragraph():
    blocks = clean_blocks("Het idee komt uit De\n\nKlas van Morgen.")
    assert [b.text for b in blocks] == ["Het idee komt uit De Klas van Morgen."]


def test_short_first_part_of_a_hyphenated_word_is_joined():
    text = "De band met het be-\ndrijf groeit. Een op-\nlossing is samenwerken. Het bedrijf helpt."
    cleaned = clean_text(text)
    assert "het bedrijf groeit" in cleaned and "Een oplossing is" in cleaned


def test_hyphen_after_a_prefix_the_document_hyphenates_is_kept():
    text = "De vo-ho netwerken helpen. Zij bereiken veel vo-\nscholen in de regio."
    assert "veel vo-scholen in" in clean_text(text)


def test_word_split_without_hyphen_is_joined_in_text_whose_lines_end_with_a_space():
    text = _wrapped(_FILLER) + "De docent geeft de klas een onder\nzoeksopdracht over water. \n"
    assert "een onderzoeksopdracht over" in clean_text(text)


def test_two_words_at_a_line_end_with_a_space_stay_two_words():
    text = _wrapped([*_FILLER, "De docent geeft onder", "andere gastlessen."])
    assert "geeft onder andere gastlessen" in clean_text(text)


def test_two_line_heading_without_trailing_space_keeps_its_space():
    text = _wrapped(_FILLER) + "Meten en\nvergelijken\n\nDe scholen meten hun voortgang. \n"
    assert "Meten en vergelijken" in clean_text(text)


def test_web_view_counter_is_removed_from_the_date_line():
    text = "Techniek artikel\n\n12-03-2021 - 87 keer bekeken\n\n" + "Scholen werken samen. " * 10
    cleaned = clean_text(text)
    assert "bekeken" not in cleaned and "87" not in cleaned
    assert "Scholen werken samen." in cleaned


def test_reading_time_share_and_cookie_lines_are_removed():
    text = (
        "5 minuten leestijd\n\nDeel dit artikel\n\nFacebook Twitter LinkedIn\n\n"
        "Deze website gebruikt cookies om het gebruik te meten.\n\n"
        + "Scholen werken samen met bedrijven. "
        * 6
    )
    cleaned = clean_text(text)
    assert "leestijd" not in cleaned and "Deel" not in cleaned
    assert "LinkedIn" not in cleaned and "cookies" not in cleaned
    assert cleaned.startswith("Scholen werken samen")


def test_sentences_mentioning_views_or_sharing_are_kept():
    text = (
        "De leerlingen delen hun werk.\n\nHet filmpje is 163 keer bekeken.\n\nDeel dit met je klas."
    )
    assert clean_text(text).count(".") == 3


def test_date_line_above_a_web_article_is_removed():
    text = "5 mei 2022\n\nNieuwe lessen techniek\n\n" + "De scholen werken samen. " * 10
    assert "mei" not in clean_text(text)
    assert clean_blocks(text)[0].text == "Nieuwe lessen techniek"


def test_date_line_inside_wrapped_text_is_kept():
    text = "De bron is een persbericht van\n\n9 juni 2016\n\nover de centra."
    assert "9 juni 2016" in clean_text(text)


def test_repeated_subheading_inside_the_text_is_not_taken_for_a_running_header():
    section = "Werkwijze\nHet platform stuurt op kwaliteit en samenhang van de netwerken.\n\n"
    text = (
        "Inleiding.\nOver het plan.\nEn de netwerken.\n\n" + section * 6 + "Slot.\nEinde.\nKlaar.\n"
    )
    assert clean_text(text).count("Werkwijze") == 6


def test_web_text_with_one_paragraph_per_line_keeps_its_paragraphs():
    paragraph = "Scholen en bedrijven werken samen aan lessen over techniek en technologie. " * 3
    text = "\n\n".join([paragraph] * 3 + ["Kort", "Tussenkop", "Nog een regel"] * 2)
    blocks = [b for b in clean_blocks(text) if not b.heading]
    assert len([b for b in blocks if b.text.startswith("Scholen")]) == 3


def test_heading_on_its_own_line_before_a_long_paragraph_is_found():
    text = "Eerste alinea eindigt hier.’\n\nVerbinden\n\n" + "De scholen werken samen. " * 10
    assert [b.text for b in clean_blocks(text) if b.heading] == ["Verbinden"]


def test_figure_captions_table_rows_and_unfinished_lines_are_not_headings():
    text = (
        "Het eerste deel eindigt.\nFiguur 3: Aantal scholen\nDe scholen groeien.\n\n"
        "Het tweede deel eindigt.\nGeen tijd 2,1 2,4 2,2\nDe scores dalen.\n\n"
        "Het derde deel eindigt.\nAnna Jansen, voorzitter van de\nVereniging Techniek."
    )
    assert [b.text for b in clean_blocks(text) if b.heading] == []


def test_the_number_before_a_footnote_goes_and_its_text_stays():
    """'5  Het Techniekpact is getekend ...' at the foot of a page: the pupil read "5 Het
    Techniekpact is getekend" as the answer's sentence."""
    text = (
        "In mei 2013 is het Techniekpact5 gesloten.\n\n"
        "5  Het Techniekpact is getekend door veel bestuurders.\n"
        "1.3 Techniekpact\n\nDe scholen deden mee in 3 regio's."
    )
    cleaned = clean_text(text)
    assert "Het Techniekpact is getekend door veel bestuurders." in cleaned
    assert "5 Het" not in cleaned and "5  Het" not in cleaned
    assert "in 3 regio's" in cleaned
