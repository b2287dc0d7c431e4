import ast
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from assistant import quiz
from assistant.quiz import (
    INTEREST_NAMES,
    INTERESTS,
    NO_INTEREST_MESSAGE,
    STATEMENTS,
    match_roles,
    result,
    score,
    top_interests,
)
from assistant.records import Role

ROLES_DIR = Path(__file__).resolve().parents[2] / "corpus" / "roles"
MakeRole = Callable[..., Role]


@pytest.fixture
def make_role() -> MakeRole:
    def build(
        role_id: str, interests: list[str], levels: tuple[str, ...] = ("vmbo", "havo", "vwo")
    ) -> Role:
        return Role.model_validate(
            {
                "id": role_id,
                "title": role_id.replace("-", " ").capitalize(),
                "sectors": ["ict"],
                "summary": "Een testberoep met een samenvatting die lang genoeg is voor het schema.",
                "tasks": [f"Je doet het eerste werk van {role_id}.", "Je doet nog iets anders."],
                "interests": interests,
                "levels": list(levels),
                "routes": [
                    {
                        "level": levels[0],
                        "school_profile": "Alle profielen",
                        "programme": "Testopleiding",
                        "education": "mbo-4",
                    }
                ],
                "sources": [{"title": "Testbron", "publisher": "Test", "year": 2025}],
                "checked": "2026-01-01",
            }
        )

    return build


@pytest.fixture(scope="module")
def real_roles() -> list[Role]:
    return [
        Role.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for path in sorted(ROLES_DIR.glob("*.yaml"))
    ]


@pytest.fixture
def only() -> Callable[[str], dict[str, float]]:
    """Scores where one interest type is 1.0 and every other type is 0."""
    return lambda code: {c: float(c == code) for c in INTERESTS}


def answers_for(**by_type: int) -> dict[str, int]:
    return {s.id: by_type.get(s.interest, 0) for s in STATEMENTS}


def test_there_are_12_to_18_statements_with_2_or_3_per_type():
    per_type = Counter(s.interest for s in STATEMENTS)
    assert 12 <= len(STATEMENTS) <= 18
    assert set(per_type) == set(INTERESTS) and all(2 <= n <= 3 for n in per_type.values())


def test_statement_ids_are_unique():
    assert len({s.id for s in STATEMENTS}) == len(STATEMENTS)


@pytest.mark.parametrize("statement", STATEMENTS, ids=lambda s: s.id)
def test_every_statement_is_an_ik_vind_het_leuk_om_sentence_of_at_most_12_words(statement):
    assert statement.text.startswith("Ik vind het leuk om ") and statement.text.endswith(".")
    assert len(statement.text.split()) <= 12


def test_score_is_the_share_of_the_maximum_per_type():
    answers = {"r1": 2, "r2": 1, "r3": 0, "i1": 2, "i2": 2, "i3": 2, "s1": 1, "c3": 2}
    assert score(answers) == pytest.approx(
        {"R": 3 / 6, "I": 1.0, "A": 0.0, "S": 1 / 6, "E": 0.0, "C": 2 / 6}
    )


def test_score_has_all_six_types_when_nothing_is_answered():
    assert score({}) == dict.fromkeys(INTERESTS, 0.0)


def test_unknown_statement_id_raises():
    with pytest.raises(ValueError, match="Unknown statement id 'x9'"):
        score({"x9": 2})


@pytest.mark.parametrize("value", [3, -1, True, "2", 1.5])
def test_answer_outside_0_1_2_raises(value):
    with pytest.raises(ValueError, match="use 0, 1 or 2"):
        score({"r1": value})


def test_all_nee_gives_no_top_interest_and_a_kind_explained_result(real_roles):
    outcome = result(answers_for(), real_roles)
    assert top_interests(outcome.scores) == [] and outcome.top == ()
    assert outcome.suggestions == () and outcome.message == NO_INTEREST_MESSAGE
    assert "Nee" in outcome.message and "oké" in outcome.message
    assert 2 <= len(outcome.questions) <= 3


def test_top_interests_tie_break_follows_riasec_order():
    assert top_interests(dict.fromkeys(INTERESTS, 0.5)) == ["R", "I"]
    assert top_interests({"C": 1.0, "A": 1.0, "S": 1.0}, n=2) == ["A", "S"]


def test_top_interests_leave_out_types_scoring_zero(only):
    assert top_interests(only("E"), n=3) == ["E"]


def test_matching_prefers_the_role_whose_first_interest_is_the_top_type(make_role):
    roles = [make_role("aaa-investigator", ["I", "R"]), make_role("zzz-maker", ["R", "I"])]
    suggestions = match_roles({"R": 1.0, "I": 0.5}, roles)
    assert [s.role_id for s in suggestions] == ["zzz-maker", "aaa-investigator"]
    assert suggestions[0].fit > suggestions[1].fit


def test_equal_fits_are_ordered_by_title(make_role):
    roles = [make_role("charlie", ["S"]), make_role("alpha", ["S"]), make_role("bravo", ["S"])]
    assert [s.title for s in match_roles({"S": 1.0}, roles)] == ["Alpha", "Bravo", "Charlie"]


def test_level_filter_excludes_roles_not_open_to_the_level(make_role):
    roles = [make_role("mbo-role", ["R"], ["vmbo"]), make_role("wo-role", ["R"], ["havo", "vwo"])]
    assert [s.role_id for s in match_roles({"R": 1.0}, roles, level="vmbo")] == ["mbo-role"]
    assert [s.role_id for s in match_roles({"R": 1.0}, roles, level="vwo")] == ["wo-role"]


def test_unknown_level_raises_and_names_the_valid_levels(make_role):
    with pytest.raises(ValueError, match="vmbo, havo, vwo"):
        match_roles({"R": 1.0}, [make_role("x-role", ["R"])], level="vmbo-kader")


def test_roles_without_a_matching_interest_are_not_suggested(make_role):
    roles = [make_role("helper-role", ["S", "E"]), make_role("maker-role", ["R"])]
    assert [s.role_id for s in match_roles({"R": 1.0}, roles)] == ["maker-role"]


def test_k_limits_the_number_of_suggestions(make_role):
    roles = [make_role(f"role-{n}", ["C"]) for n in range(8)]
    assert len(match_roles({"C": 1.0}, roles)) == 5
    assert len(match_roles({"C": 1.0}, roles, k=3)) == 3


def test_why_names_the_interest_in_plain_words_and_a_task(real_roles):
    (suggestion,) = match_roles({"R": 1.0, "I": 0.5}, real_roles, k=1)
    role = next(r for r in real_roles if r.id == suggestion.role_id)
    assert suggestion.why.startswith("Past bij Doener")
    assert any(task.lower() in suggestion.why.lower() for task in role.tasks)


def test_suggested_question_contains_the_role_title(real_roles):
    for suggestion in match_roles({"I": 1.0, "C": 0.5}, real_roles):
        assert suggestion.title.lower() in suggestion.question.lower()
        assert suggestion.question.endswith("?")


def test_acronym_titles_keep_their_capitals(make_role):
    role = make_role("ai-engineer", ["I"]).model_copy(update={"title": "AI-engineer"})
    (suggestion,) = match_roles({"I": 1.0}, [role])
    assert suggestion.question == "Wat doet een AI-engineer?"


def test_result_bundles_named_top_interests_suggestions_and_questions(real_roles):
    outcome = result(answers_for(A=2, I=1), real_roles, level="havo")
    assert [p.code for p in outcome.top] == ["A", "I"]
    assert outcome.top[0].name == INTEREST_NAMES["A"] and outcome.top[0].explanation
    assert 3 <= len(outcome.suggestions) <= 5
    assert 2 <= len(outcome.questions) <= 3
    assert outcome.suggestions[0].title.lower() in outcome.questions[0].lower()
    assert "Ontwerper" in outcome.message


def test_result_says_it_is_a_suggestion_and_the_choice_is_the_pupils(real_roles):
    notice = result(answers_for(R=2), real_roles).notice
    assert "geen oordeel" in notice and "Jij kiest" in notice and "decaan" in notice


def test_no_gendered_words_in_any_string_of_the_module():
    tree = ast.parse(Path(quiz.__file__).read_text(encoding="utf-8"))
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    gendered = re.compile(r"\b(hij|zij|jongens|meisjes)\b", re.IGNORECASE)
    assert [s for s in strings if isinstance(s, str) and gendered.search(s)] == []


@pytest.mark.parametrize("level", ["vmbo", "havo", "vwo"])
@pytest.mark.parametrize("code", INTERESTS)
def test_every_single_top_interest_gives_three_real_roles_at_every_level(
    real_roles, only, code, level
):
    suggestions = match_roles(only(code), real_roles, level=level)
    assert len(suggestions) >= 3, f"{code} at {level}: only {[s.role_id for s in suggestions]}"
