from assistant.extractive import MAX_WORDS, compose
from assistant.types import Hit


def _hit(text: str) -> Hit:
    return Hit("id", text, 0.9, {})


def test_answer_takes_the_matching_sentences_and_cites_them():
    hits = [
        _hit(
            "Procesoperator — Wat doet een procesoperator?\nEen procesoperator bewaakt de installaties. "
            "Je werkt in ploegen. De kantine is groot."
        ),
        _hit("Jet-Net\nJet-Net koppelt scholen aan bedrijven."),
    ]
    text, cited = compose("Wat doet een procesoperator in de fabriek?", hits)
    assert text.startswith("Een procesoperator bewaakt de installaties. [1]")
    assert cited[0] == 1 and "Volgende stap" not in text  # added when shown (texts.message)


def test_answer_stays_short():
    long = "Zin over techniek en werktuigbouwkunde nummer {}."
    hits = [_hit("Titel\n" + " ".join(long.format(i) for i in range(80)))]
    text, _ = compose("werktuigbouwkunde techniek", hits)
    assert len(text.split("\n\n")[0].split()) <= MAX_WORDS + 10


def test_sentences_the_lead_already_says_are_left_out():
    hits = [
        _hit(
            "Natuur en Techniek\nIn N&T zijn wiskunde B, natuurkunde en scheikunde verplicht. "
            "Op een technasium kan O&O soms ook als profielkeuzevak."
        )
    ]
    lead = "In 2025 zijn in N&T deze vakken verplicht: wiskunde B, natuurkunde en scheikunde."
    alone, _ = compose("verplicht N&T vakken wiskunde technasium", hits)
    after, _ = compose("verplicht N&T vakken wiskunde technasium", hits, avoid=lead)
    assert "natuurkunde en scheikunde verplicht" in alone
    assert "natuurkunde en scheikunde verplicht" not in after
    assert "O&O soms ook" in after


def test_at_most_max_units_are_taken():
    hits = [_hit("Titel\n" + " ".join(f"Techniek is leuk in zin {i}." for i in range(6)))]
    text, _ = compose("techniek leuk", hits, max_units=2)
    assert text.count("Techniek is leuk") == 2


def test_a_list_item_without_its_lead_in_is_not_a_sentence():
    hits = [
        _hit(
            "Leerwegen\nEr zijn vier leerwegen. Het verschil zit in de theorie.\n"
            "- de gemengde leerweg (GL)\n- de theoretische leerweg (TL)\n"
            "De gemengde leerweg zit tussen de andere leerwegen in."
        )
    ]
    text, _ = compose("wat is de gemengde leerweg", hits)
    assert "(GL)" not in text and "zit tussen de andere leerwegen" in text


def test_a_when_question_prefers_the_sentence_with_the_year():
    hits = [
        _hit(
            "TechNet\nTechNet is een netwerk van vmbo-scholen en technische bedrijven voor het "
            "vmbo. TechNet werd uitgevoerd door TechniekTalent. TechNet is in 2009 begonnen."
        )
    ]
    text, _ = compose("wanneer begon TechNet voor het vmbo", hits, max_units=1)
    assert text.startswith("TechNet is in 2009 begonnen.")


def test_a_follow_up_asks_with_its_own_words_the_earlier_question_says_what_about():
    """ "(wat is bbl)" is what the follow-up is about, not what it asks: the definition of BBL
    is not the answer to "en krijg je dan ook loon?"."""
    text = (
        "BBL\nBBL staat voor beroepsbegeleidende leerweg op het mbo. "
        "Bij BBL werk je bij een bedrijf en krijg je loon."
    )
    answer, _ = compose("en krijg je dan ook loon? (wat is bbl)", [Hit("1", text, 0.9, {})])
    assert answer.startswith("Bij BBL werk je bij een bedrijf en krijg je loon.")
    alone, _ = compose("wat is bbl", [Hit("1", text, 0.9, {})])
    assert alone.startswith("BBL staat voor beroepsbegeleidende leerweg")


def test_a_verb_with_t_and_its_stem_are_the_same_word():
    text = "Titel\nBij BBL is de school klein en gezellig. Bij BBL krijg je loon van het bedrijf."
    answer, _ = compose("krijgt een leerling bij bbl ook loon", [Hit("1", text, 0.9, {})])
    assert answer.startswith("Bij BBL krijg je loon van het bedrijf.")


DURATIONS = (
    "Routes\nHet hbo duurt meestal vier jaar. Een wo-bachelor duurt meestal drie jaar.\n"
    "Vaak volg je eerst een premaster. Een premaster duurt meestal een half jaar tot een jaar."
)


def test_a_follow_up_answers_from_the_paragraph_about_the_earlier_subject():
    """ "hoe lang duurt dat? (wat is een premaster)": how long the premaster takes, not the hbo."""
    hits = [Hit("1", DURATIONS, 0.9, {})]
    question = "hoe lang duurt dat? (wat is een premaster)"
    answer, _ = compose(question, hits, earlier="wat is een premaster")
    assert answer.startswith("Een premaster duurt meestal een half jaar")
    assert "hbo" not in answer


def test_a_follow_up_answers_from_every_paragraph_under_a_heading_naming_the_subject():
    """ "welke mbo opleidingen kan je daarna doen? (wat is PIE)": the list of mbo programmes
    in the PIE section, although its paragraph does not open with "PIE"; not the paragraph
    of another passage that does not name it."""
    pie = (
        "Produceren, installeren en energie (PIE)\nIn PIE leer je werken met metaal.\n"
        "Technische mbo-opleidingen daarna, bijvoorbeeld:\n- monteur installaties;\n- lasser."
    )
    other = "Procesoperator\nVanuit het vmbo kun je de mbo-opleiding Operator doen."
    question = "welke mbo opleidingen kan je daarna doen? (wat is PIE)"
    hits = [Hit("1", pie, 0.9, {"section": "Produceren, installeren en energie (PIE)"}),
            Hit("2", other, 0.9, {"section": "Procesoperator"})]  # fmt: skip
    answer, cited = compose(question, hits, earlier="wat is PIE")
    assert answer.startswith("Technische mbo-opleidingen daarna, bijvoorbeeld:\n- monteur")
    assert cited == [1]


def test_without_the_earlier_question_every_paragraph_may_answer():
    """The bracket of an expanded question holds synonyms, not an earlier question: no
    paragraph is left out for them."""
    answer, _ = compose("hoe lang duurt het hbo (premaster)", [Hit("1", DURATIONS, 0.9, {})])
    assert "Het hbo duurt meestal vier jaar." in answer


def test_a_follow_up_whose_subject_no_paragraph_names_keeps_every_paragraph():
    hits = [Hit("1", DURATIONS, 0.9, {})]
    answer, _ = compose("hoe lang duurt dat? (wat is bbl)", hits, earlier="wat is bbl")
    assert "Het hbo duurt meestal vier jaar." in answer


def test_a_sentence_that_repeats_an_item_of_a_chosen_list_is_left_out():
    steps = (
        "O&O\nEen project gaat meestal zo:\n- Je doet onderzoek naar een vraag.\n"
        "- Je maakt een ontwerp of product en test het."
    )
    again = "Technasium\nJe maakt een ontwerp of product en test het. Dat doe je in een team."
    text, _ = compose("wat doe je bij een project bij O&O", [_hit(steps), _hit(again)])
    assert text.count("Je maakt een ontwerp of product en test het") == 1


def test_a_sentence_chosen_before_a_list_that_repeats_it_is_left_out():
    lead = "O&O\nO&O staat voor onderzoeken en ontwerpen in de werkplaats van een project."
    again = "Technasium\nJe maakt een ontwerp of product en test het in de werkplaats."
    steps = (
        "Projecten\nEen project gaat meestal zo:\n- Je doet onderzoek naar een vraag.\n"
        "- Je maakt een ontwerp of product en test het."
    )
    hits = [_hit(lead), _hit(again), _hit(steps)]
    text, cited = compose("wat is O&O ontwerp werkplaats project", hits)
    assert text.count("ontwerp of product en test het") == 1
    assert "Een project gaat meestal zo" in text and cited == [1, 3]


def test_a_follow_up_finds_its_subject_by_another_name():
    """ "hoeveel jaar duurt dat? (wat is een associate degree)": the paragraph that opens with
    "Een Ad", not a route card that names the associate degree in one of its items."""
    card = (
        "Cad-tekenaar\nZo kun je cad-tekenaar worden:\n"
        "- Vanuit de havo kun je de Associate degree Engineering doen. Die duurt 2 jaar."
    )
    ad = "Korter studeren\nEen Ad is praktisch. Je bent na twee jaar klaar om te werken."
    question, earlier = (
        "hoeveel jaar duurt dat? (wat is een associate degree)",
        "wat is een associate degree",
    )
    names = ("de Associate degree", "Ad", "associate degree", "Ad-opleiding")
    answer, _ = compose(question, [_hit(card), _hit(ad)], earlier=earlier, earlier_names=names)
    assert answer.startswith("Je bent na twee jaar klaar om te werken.") and "cad" not in answer
    without, _ = compose(question, [_hit(card), _hit(ad)], earlier=earlier)
    assert without.startswith("Zo kun je cad-tekenaar worden")


def test_how_does_x_work_answers_from_the_paragraph_that_says_what_x_is():
    """ "hoe werkt BBL?": the BBL paragraph, also its sentences that do not name BBL."""
    text = (
        "Twee manieren van leren\nOp het mbo kies je uit twee manieren van leren: BOL en BBL.\n"
        "BBL staat voor beroepsbegeleidende leerweg. Je werkt het grootste deel van de week. "
        "Meestal ga je één dag per week naar school.\n"
        "BOL staat voor beroepsopleidende leerweg. Je gaat vooral naar school."
    )
    answer, _ = compose("hoe werkt BBL op het mbo?", [_hit(text)])
    assert answer.startswith("BBL staat voor beroepsbegeleidende leerweg.")
    assert "één dag per week" in answer


def test_after_the_opening_sentence_its_own_passage_goes_on_before_other_passages():
    """ "kan je met een hbo diploma nog naar de uni": the premaster paragraph that opens the
    answer goes on before a sentence from another passage."""
    other = "Havo en wo\nMet alleen een havo-diploma mag je niet direct naar de universiteit."
    own = (
        "De premaster\nHeb je een hbo-diploma gehaald? Dan kun je nog naar de universiteit. "
        "Vaak volg je eerst een premaster aan de universiteit."
    )
    text, _ = compose(
        "kan je met een hbo-diploma nog naar de universiteit", [_hit(other), _hit(own)]
    )
    assert text.startswith("Heb je een hbo-diploma gehaald?")
    assert text.index("premaster") < text.index("havo-diploma")


def test_a_sentence_opening_with_another_programme_does_not_answer():
    """ "wie heeft technet opgericht": not the sentence about who founded Jet-Net."""
    jetnet = _hit("Begin\nJet-Net is in 2002 opgericht door vijf grote bedrijven.")
    technet = _hit("TechNet\nTechNet is een netwerk van vmbo-scholen en technische bedrijven.")
    text, cited = compose("wie heeft technet opgericht", [jetnet, technet])
    assert text.startswith("TechNet is een netwerk") and cited == [2]
    other, _ = compose("wie heeft jetnet opgericht", [jetnet, technet])
    assert other.startswith("Jet-Net is in 2002 opgericht")


def test_the_sentence_going_where_the_question_goes_comes_first():
    """ "naar mbo 4" asks where you can go: not the sentence that goes on from mbo 4."""
    hits = [
        _hit(
            "Kader — Na de kaderberoepsgerichte leerweg\n"
            "Met een diploma op mbo-niveau 4 kun je daarna naar het hbo. "
            "Met een kader-diploma kun je naar het mbo op niveau 3 en 4."
        )
    ]
    text, _ = compose("ik zit in kader, mag ik daarna naar mbo 4?", hits)
    assert text.startswith("Met een kader-diploma kun je naar het mbo op niveau 3 en 4.")


def test_a_why_question_opens_with_the_reason_before_the_sentence_saying_daarom():
    """ "waarom ging jetnet ook naar het vmbo?": the reason shares no word with the question;
    the sentence after it ("daarom") does, and brings it along, before itself."""
    text = (
        "De samenwerking\nEind 2017 gingen de netwerken samenwerken. Het netwerk bestond toen "
        "vijftien jaar. De reden: bedrijven zochten veel vakmensen met een mbo-diploma. "
        "Jet-Net wilde zijn ervaring daarom ook gebruiken voor het vmbo."
    )
    why, _ = compose("waarom ging jetnet ook iets doen op het vmbo", [_hit(text)])
    assert why.startswith("De reden: bedrijven zochten veel vakmensen")
    assert why.index("De reden") < why.index("daarom ook gebruiken")
    what, _ = compose("wat deed jetnet op het vmbo", [_hit(text)])
    assert "De reden" not in what  # only a why-question brings the reason


def test_a_why_question_prefers_the_sentence_that_gives_a_cause():
    text = (
        "Techniek op het vmbo\nOp het vmbo kozen in 2012 minder leerlingen voor techniek. "
        "Minder leerlingen kozen techniek op het vmbo, vooral door de krimp."
    )
    why, _ = compose("waarom kozen op het vmbo minder leerlingen voor techniek", [_hit(text)])
    assert why.startswith("Minder leerlingen kozen techniek op het vmbo, vooral door de krimp.")
    what, _ = compose("kozen op het vmbo minder leerlingen voor techniek", [_hit(text)])
    assert what.startswith("Op het vmbo kozen in 2012")  # without "waarom": the first


def test_what_is_x_opens_with_the_sentence_that_defines_x_not_one_that_merely_opens_with_it():
    """ "wat is een ad": "Een Associate degree (kort: Ad) is ..." defines it; "Een Ad kan een
    goede keuze zijn ..." opens with it and has a defining verb, but says something else."""
    text = (
        "De Associate degree\nEen Ad kan een goede keuze zijn als je twijfelt over vier jaar hbo. "
        "Een Associate degree (kort: Ad) is een tweejarige opleiding aan een hogeschool."
    )
    answer, _ = compose("wat is een ad", [_hit(text)])
    assert answer.startswith("Een Associate degree (kort: Ad) is een tweejarige opleiding")


def test_a_why_question_opens_with_the_cause_even_when_a_restatement_shares_more_words():
    text = (
        "Samenwerking\nEind 2017 gingen Jet-Net en TechNet nauwer samenwerken. Vanaf 2018 "
        "deelden ze hun contacten.\nGezien de grote vraag naar vakmensen met een mbo-diploma ging "
        "Jet-Net ook naar het vmbo."
    )
    why, _ = compose("waarom gingen jet-net en technet in 2017 samenwerken", [_hit(text)])
    assert why.startswith("Gezien de grote vraag naar vakmensen"), why
    assert why.count("Eind 2017") == 1  # the restatement follows, once
