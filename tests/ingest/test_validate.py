"""`techkompas corpus check`: the shipped corpus passes; broken files give exact file:line messages."""

from pathlib import Path

import pytest

from assistant.cli import main
from assistant.records import PROVINCES
from ingest.validate import check_corpus

SHIPPED = Path(__file__).resolve().parents[2] / "corpus"


@pytest.fixture(scope="module")
def shipped():
    return check_corpus(SHIPPED)


def test_shipped_corpus_has_no_problems(shipped):
    assert [str(p) for p in shipped.problems] == []


def test_shipped_corpus_meets_the_counts(shipped):
    assert len(shipped.roles) >= 40
    assert len(shipped.companies) >= 36
    per_province = {p: 0 for p in PROVINCES}
    for company, _, _ in shipped.companies.values():
        per_province[company.province] += 1
    assert min(per_province.values()) >= 3, per_province


def test_every_cross_reference_resolves(shipped):
    for role, _, _ in shipped.roles.values():
        assert set(role.related_roles) <= set(shipped.roles)
        assert set(role.example_companies) <= set(shipped.companies)
    for company, _, _ in shipped.companies.values():
        assert set(company.roles) <= set(shipped.roles)


def test_roles_no_company_has_are_reported_as_route_gaps(shipped, capsys):
    """A role without any company cannot end its route card at a company: corpus check says
    so as a warning (not a failure), naming the file."""
    without = sorted(
        r.id
        for r, _, _ in shipped.roles.values()
        if not any(r.id in c.roles for c, _, _ in shipped.companies.values())
    )
    assert len(without) <= 2, without  # the shipped corpus keeps gaps rare
    assert main(["corpus", "check", str(SHIPPED)]) == 0
    out = capsys.readouterr().out
    for role_id in without:
        assert f"corpus/roles/{role_id}.yaml: warning: no company lists the role" in out


def test_every_role_has_a_route_for_each_level_it_claims(shipped):
    for role, _, _ in shipped.roles.values():
        assert set(role.levels) <= {r.level for r in role.routes}, role.id


def test_regions_map_at_least_150_places():
    import yaml

    data = yaml.safe_load((SHIPPED / "regions.yaml").read_text(encoding="utf-8"))
    assert sum(len(p["places"]) for p in data["provinces"]) >= 150


@pytest.fixture
def broken(corpus: Path) -> Path:
    """The fixture corpus with regions.yaml, then one problem per test."""
    (corpus / "regions.yaml").write_text(
        "provinces:\n"
        + "".join(
            f"  - name: {p}\n    neighbours: []\n    places: [Plaats{i}]\n"
            for i, p in enumerate(PROVINCES)
        ),
        encoding="utf-8",
    )
    return corpus


def _messages(root: Path) -> list[str]:
    return [str(p) for p in check_corpus(root).problems if "companies; at least" not in str(p)]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_corpus_is_clean(broken: Path):
    assert _messages(broken) == []


def test_unknown_field_names_file_and_line(broken: Path):
    _edit(
        broken / "roles/procesoperator.yaml",
        "interests: [R, C]\n",
        "interests: [R, C]\nsalaris: veel\n",
    )
    assert _messages(broken) == ["corpus/roles/procesoperator.yaml:12: unknown field 'salaris'"]


def test_missing_field_names_the_field(broken: Path):
    _edit(broken / "companies/zoutwerk-delfzijl.yaml", "city: Delfzijl\n", "")
    assert _messages(broken) == ["corpus/companies/zoutwerk-delfzijl.yaml:1: missing field 'city'"]


def test_bad_date_points_at_its_line(broken: Path):
    _edit(broken / "roles/procesoperator.yaml", "checked: 2026-11-23", "checked: 2026-13-45")
    (message,) = _messages(broken)
    assert message.startswith("corpus/roles/procesoperator.yaml:27: checked:")


def test_unknown_role_reference(broken: Path):
    _edit(
        broken / "companies/zoutwerk-delfzijl.yaml",
        "roles: [procesoperator]",
        "roles: [procesoperator, astronaut]",
    )
    assert _messages(broken) == [
        "corpus/companies/zoutwerk-delfzijl.yaml:9: unknown role 'astronaut' in roles"
    ]


def test_unknown_province(broken: Path):
    _edit(
        broken / "companies/zoutwerk-delfzijl.yaml", "province: Groningen", "province: Vlaanderen"
    )
    (message,) = _messages(broken)
    assert message.startswith("corpus/companies/zoutwerk-delfzijl.yaml:3: province:")


def test_duplicate_id(broken: Path):
    text = (broken / "roles/procesoperator.yaml").read_text(encoding="utf-8")
    (broken / "roles/zz-kopie.yaml").write_text(text, encoding="utf-8")
    assert _messages(broken) == [
        "corpus/roles/zz-kopie.yaml:1: id 'procesoperator' does not match the file name 'zz-kopie'",
        "corpus/roles/zz-kopie.yaml:1: duplicate id 'procesoperator' (also in corpus/roles/procesoperator.yaml)",
    ]


def test_level_without_route(broken: Path):
    _edit(broken / "roles/procesoperator.yaml", "levels: [vmbo, havo]", "levels: [vmbo, havo, vwo]")
    assert _messages(broken) == [
        "corpus/roles/procesoperator.yaml:12: level 'vwo' has no route: add one under routes or drop the level"
    ]


def test_broken_yaml_line(broken: Path):
    _edit(broken / "roles/procesoperator.yaml", "aliases: [operator]", "aliases: [operator")
    (message,) = _messages(broken)
    assert message.startswith("corpus/roles/procesoperator.yaml:4: invalid YAML")


def test_cli_exits_1_and_prints_coverage(broken: Path, capsys):
    _edit(broken / "companies/zoutwerk-delfzijl.yaml", "example: true", "example: misschien")
    assert main(["corpus", "check", str(broken)]) == 1
    out = capsys.readouterr().out
    assert "corpus/companies/zoutwerk-delfzijl.yaml:15: example:" in out
    assert "companies: 0 (0 example, 0 checked)" in out


def test_cli_passes_on_the_shipped_corpus(capsys):
    assert main(["corpus", "check", str(SHIPPED)]) == 0
    assert capsys.readouterr().out.strip().endswith("corpus OK")


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    """A corpus copy with the shipped profile documents and their topics file."""
    import shutil

    root = tmp_path / "corpus"
    shutil.copytree(SHIPPED, root)
    return root


def _topic_problems(root: Path) -> list[str]:
    return [str(p) for p in check_corpus(root).problems if "onderwerpen.yaml" in str(p)]


def test_a_topic_subject_missing_from_its_section_is_reported_with_the_line(profiles: Path):
    path = profiles / "profiles" / "onderwerpen.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[economie, geschiedenis,", "[economie, Latijn,"), "utf-8")
    (problem,) = _topic_problems(profiles)
    line = next(i for i, s in enumerate(path.read_text().splitlines(), 1) if "- id: em" in s)
    assert f"onderwerpen.yaml:{line}" in problem and "'Latijn' is not in the section" in problem


def test_a_leerwegs_mbo_levels_missing_from_its_section_are_reported(profiles: Path):
    path = profiles / "profiles" / "onderwerpen.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('mbo: "niveau 2"', 'mbo: "niveau 5"', 1), "utf-8")
    (problem,) = _topic_problems(profiles)
    assert "bb: 'niveau 5' is not in the section" in problem


def test_a_topic_pointing_at_a_missing_heading_is_reported(profiles: Path):
    path = profiles / "profiles" / "onderwerpen.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("section: De gemengde leerweg (GL)", "section: GL"), "utf-8")
    (problem,) = _topic_problems(profiles)
    assert "gl: corpus/profiles/vmbo-leerwegen.md: no heading '## GL'" in problem
