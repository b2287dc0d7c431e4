"""Questions the corpus issue names retrieve the right records from the shipped corpus."""

import pytest

pytestmark = pytest.mark.slow


def test_profile_for_mechanical_engineering(shipped_assistant):
    found = shipped_assistant.search("Welk profiel heb ik nodig voor werktuigbouwkunde?", 3)
    sources = [h.source for h in found.hits]
    assert "corpus/profiles/profiel-techniek-studies.md" in sources, sources
    assert any(
        "werktuigbouwkunde" in h.text.lower() and "wiskunde b" in h.text.lower() for h in found.hits
    )


def test_companies_to_visit_in_gelderland(shipped_assistant):
    answer = shipped_assistant.ask("Welke bedrijven in Gelderland kan ik bezoeken?")
    assert len(answer.companies) == 3
    assert {m.company.province for m in answer.companies} == {"Gelderland"}
    assert all("bedrijfsbezoek" in m.company.offers for m in answer.companies)
    assert all(h.metadata["province"] == "Gelderland" for h in answer.hits)


def test_town_maps_to_its_province_for_companies(shipped_assistant):
    answer = shipped_assistant.ask("ik woon in Helmond, waar kan ik een meeloopdag doen?")
    assert answer.companies and answer.companies[0].company.province == "Noord-Brabant"


def test_process_operator_role_is_found(shipped_assistant):
    found = shipped_assistant.search("wat doet een procesoperator", 3)
    assert found.hits[0].source == "corpus/roles/procesoperator.yaml"


def test_a_named_role_keeps_its_retrieval_scores_and_passes_the_confidence_gate(
    shipped_assistant,
):
    """A role the question names is put first, with the scores retrieval gave it: the gate that
    decides 'niet in mijn bronnen' reads them (a follow-up about a procesoperator's night work
    was refused when the named chunks came without scores)."""
    found = shipped_assistant.search("moet je als procesoperator snachts werken", 3)
    assert found.hits[0].source == "corpus/roles/procesoperator.yaml"
    assert found.hits[0].dense_score > 0
    answer = shipped_assistant.ask(
        "moet je dan ook snachts werken??",
        history=[
            {"role": "user", "content": "wat doet een procesoperator"},
            {"role": "assistant", "content": "Een procesoperator bewaakt de productie."},
        ],
    )
    assert answer.outcome.value == "answered"
    assert "ploegendienst" in answer.text


def test_a_route_question_naming_another_profile_opens_with_the_guide_on_that_profile(
    shipped_assistant,
):
    """The route card names N&T; a pupil with N&G first reads what the profile guide's section
    on that study says about N&G, cited to the guide, then the card."""
    answer = shipped_assistant.ask("kan je met ng nog werktuigbouwkunde studeren")
    first, rest = answer.text.split("\n\n", 1)
    assert "N&G" in first and first.endswith("[1]")
    assert answer.hits[0].source == "corpus/profiles/profiel-techniek-studies.md"
    assert "werktuigbouwkundig ingenieur worden" in rest
    plain = shipped_assistant.ask("kan je werktuigbouwkunde studeren")  # no profile: the card
    assert plain.text.startswith("Zo kun je werktuigbouwkundig ingenieur worden")


def test_a_question_for_the_profile_a_study_needs_opens_with_the_guides_paragraph(
    shipped_assistant,
):
    """ "welk profiel heb je nodig voor werktuigbouwkunde (op het hbo)": the guide's Hbo
    paragraph on that study (every profile, not only N&T), cited to the guide, then the card."""
    answer = shipped_assistant.ask("welk profiel heb je nodig voor werktuigbouwkunde")
    first, rest = answer.text.split("\n\n", 1)
    assert first.startswith("Hbo: ") and "N&G" in first and first.endswith("[1]")
    assert answer.hits[0].source == "corpus/profiles/profiel-techniek-studies.md"
    assert "werktuigbouwkundig ingenieur worden" in rest


@pytest.mark.parametrize(
    "question",
    ["kan ik stage lopen bij rijnstroom netwerken", "wat doen ze bij rijnstroom netwerken"],
)
def test_a_question_naming_a_company_is_answered_about_that_company(shipped_assistant, question):
    """The words of a company's name are no subject: "netwerken" chose the network roles, and
    the company, which has none of them, was filtered out ("niet in mijn bronnen")."""
    answer = shipped_assistant.ask(question)
    assert answer.outcome.value == "answered"
    assert answer.text.startswith("- Rijnstroom Netwerken in Arnhem:")
    assert [m.company.id for m in answer.companies] == ["rijnstroom-netwerken"]


def test_a_follow_up_naming_one_of_the_companies_is_about_that_one_only(shipped_assistant):
    first = shipped_assistant.ask("welke bedrijven in gelderland hebben een meeloopdag")
    names = [m.company.name for m in first.companies]
    assert "Rijnstroom Netwerken" in names and len(names) > 1
    answer = shipped_assistant.ask(
        "heeft rijnstroom ook gastlessen",
        history=[
            {"role": "user", "content": "welke bedrijven in gelderland hebben een meeloopdag"},
            {"role": "assistant", "content": first.text},
        ],
    )
    assert answer.text.startswith(
        "- Rijnstroom Netwerken in Arnhem: ja, je kunt er terecht voor gastles."
    )
    assert [m.company.id for m in answer.companies] == ["rijnstroom-netwerken"]


@pytest.mark.parametrize(
    ("question", "opening", "section"),
    [
        ("ik zit op vmbo-tl, hoe kom ik op de havo?", "extra vak", "Van het vmbo naar de havo"),
        ("na het hbo nog naar de uni voor een master, kan dat?", "premaster", "Van hbo naar wo"),
        ("kan ik met havo naar de universiteit", "propedeuse", "Van havo naar hbo, en van vwo"),
        # no direct step: the guide's section on the two routes, not "niet in mijn bronnen"
        ("kan je met mavo naar het hbo?", "twee routes", "Van het vmbo naar het hbo"),
        ("ik doe mbo 4 techniek, kan ik daarna naar de uni?", "eerst naar het hbo", "Van het mbo"),
        # the pupil's own leerweg: not the GL/TL paragraph for a KB or BB pupil
        ("doe kader, kan ik na mn examen naar havo 4?", "kan niet direct", "De kaderberoeps"),
        ("ik doe basis, kan ik later naar de havo", "kan niet direct", "De basisberoeps"),
    ],
)
def test_a_step_between_schools_opens_with_the_paragraph_about_that_step(
    shipped_assistant, question, opening, section
):
    """Not the pupil's own leerweg or another step: the paragraph under the heading (or the
    label) that names the step asked, cited first."""
    answer = shipped_assistant.ask(question)
    first = answer.text.split("\n\n", 1)[0]
    assert opening in first and first.endswith("[1]")
    assert answer.hits[0].section.startswith(section)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("wat is nlt voor vak", "biologie, natuurkunde, scheikunde"),
        ("wat is wiskunde D", "alleen kiezen als je ook wiskunde B hebt"),
    ],
)
def test_a_choice_subject_for_technology_is_explained_from_its_own_section(
    shipped_assistant, question, said
):
    """NLT and wiskunde D are school topics with a section of their own, not only a name in
    the list of N&T's choice subjects."""
    answer = shipped_assistant.ask(question)
    assert said in answer.text
    assert answer.hits[0].section.startswith("Keuzevakken voor techniek")


def test_bad_at_maths_gets_the_corpus_answer_on_technology_without_much_maths(shipped_assistant):
    answer = shipped_assistant.ask("ik ben slecht in wiskunde kan ik toch de techniek in")
    first = answer.text.split("[1]")[0]
    assert "niet elk technisch beroep vraagt veel wiskunde" in first
    assert answer.hits[0].section.startswith("Slecht in wiskunde")


def test_two_roles_compared_get_both_summaries_each_cited_to_its_record(shipped_assistant):
    """Before, the passages answered and the best sentences were one role's route."""
    answer = shipped_assistant.ask(
        "wat is nou het verschil tussen een data analist en een data scientist"
    )
    first, second = answer.text.split("\n\n")[:2]
    assert "grafieken en dashboards" in first and first.endswith("[1]")
    assert "voorspellingen" in second and second.endswith("[2]")
    assert [h.source for h in answer.hits[:2]] == [
        "corpus/roles/data-analist.yaml",
        "corpus/roles/data-scientist.yaml",
    ]


def test_a_vmbo_pupil_gets_the_route_via_the_mbo_when_the_role_has_none_from_the_vmbo(
    shipped_assistant,
):
    """The werktuigbouwkundig ingenieur's record has routes from havo and vwo only; the answer
    said there was no route from the vmbo, while the guide on school steps has one."""
    answer = shipped_assistant.ask(
        "ik wil later werktuigbouwkunde studeren, hoe kom ik daar vanaf de mavo?"
    )
    assert "via het mbo" in answer.text and "niveau 4" in answer.text
    assert answer.hits[0].source == "corpus/profiles/mbo-hbo-wo.md"
    assert "Vanuit de havo kun je de hbo-opleiding Werktuigbouwkunde doen" in answer.text


def test_what_is_a_profile_opens_with_its_own_section(shipped_assistant):
    """'wat is nt eigenlijk' answered with a figure caption from a report that says '(NT)'."""
    answer = shipped_assistant.ask("wat is nt eigenlijk")
    assert answer.text.startswith("In het profiel Natuur en Techniek")
    assert answer.hits[0].section == "Natuur en Techniek (N&T)"


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("ik zit in 3 kader en wil iets met autos, welke opleiding", "autotechnicus"),
        (  # "sleutelen" alone named the autotechnicus through a synonym
            "ik zit in 3 kader M&T en wil aan vliegtuigen sleutelen, wat moet ik dan op het mbo doen",
            "vliegtuigonderhoudstechnicus",
        ),
    ],
)
def test_a_study_asked_for_a_subject_gets_the_route_of_the_role_named_after_it(
    shipped_assistant, question, role
):
    from assistant import texts

    answer = shipped_assistant.ask(question)
    assert answer.text.startswith(texts.SUBJECT_ROLE.format(title=role))
    assert answer.route is not None and answer.route.role_id == role


def test_missing_a_subject_a_study_asks_for_is_answered_with_the_deficientie_paragraph(
    shipped_assistant,
):
    """Pupils say "dat zit niet in mn pakket", not "deficiëntie": the topic's aliases."""
    answer = shipped_assistant.ask(
        "de studie die ik wil vraagt natuurkunde maar dat zit niet in mn pakket, kan je dat oplossen"
    )
    assert "deficiëntie" in answer.text and "bijspijkercursus" in answer.text


def test_a_girl_asking_whether_technology_is_for_her_gets_the_corpus_answer_first(
    shipped_assistant,
):
    """Not a loose line about Girlsday: the section that answers the question itself."""
    answer = shipped_assistant.ask("ik ben meisje, is techniek wel iets voor mij")
    assert answer.text.startswith("Techniek is voor iedereen.")
    assert answer.hits[0].section == "Is techniek iets voor meisjes?"
