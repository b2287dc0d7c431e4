"""Class sessions over a real SQLite storage, a fake clock and the shipped corpus' catalog."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant import classroom as classroom_module
from assistant import texts
from assistant.answer import Answer, Outcome
from assistant.catalog import Catalog
from assistant.classroom import ALPHABET, ClassReport, Classroom, new_code
from assistant.errors import ClassSessionError, TechkompasError
from assistant.storage import ClassSession, CodeTakenError, Storage, open_storage
from assistant.types import ChunkMeta, DocType, Hit

T0 = datetime(2026, 3, 9, 8, 30, tzinfo=UTC)
CORPUS = Path(__file__).resolve().parents[2] / "corpus"
LOOK_ALIKES = "0O1IL5S2Z8B"


class FakeClock:
    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.from_corpus(CORPUS)


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    with open_storage(f"sqlite:///{tmp_path / 'c.sqlite3'}") as opened:
        yield opened


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def classroom(storage: Storage, clock: FakeClock, catalog: Catalog) -> Classroom:
    return Classroom(storage, now=clock, catalog=catalog)


@pytest.fixture
def session(classroom: Classroom) -> ClassSession:
    return classroom.create("3 havo B, mentorles", level="havo", region="Groningen")


def hit(doc_type: DocType, record_id: str = "", source: str = "", title: str = "") -> Hit:
    metadata = ChunkMeta(doc_type=doc_type, record_id=record_id, source=source, title=title)
    return Hit(f"{source}#0", "tekst", 1.0, metadata=metadata)


ROLE = hit("role", "procesoperator", "corpus/roles/procesoperator.yaml", "Procesoperator")
COMPANY = hit(
    "company", "dollardzout-chemie", "corpus/companies/dollardzout-chemie.yaml", "Dollardzout"
)
PROFILE = hit("profile", source="corpus/profiles/havo-vwo-profielen.md", title="Profielen")
PROGRAMME = hit("programme", source="corpus/programmes/jet-net.md", title="Wat is Jet-Net?")


def answered(*hits: Hit) -> Answer:
    return Answer(Outcome.ANSWERED, text="Een antwoord [1].", hits=list(hits), cited=[1])


def join_many(classroom: Classroom, code: str, n: int) -> None:
    for _ in range(n):
        classroom.join(code)


def events(storage: Storage, session: ClassSession) -> list[tuple]:
    return [row for row in storage.event_counts(session.id) if row[0] != "join"]


# -- codes ---------------------------------------------------------------------------------


def test_a_code_is_six_upper_case_characters_from_the_alphabet() -> None:
    rng = random.Random(7)
    codes = [new_code(rng) for _ in range(300)] + [new_code() for _ in range(50)]
    assert all(len(code) == 6 and set(code) <= set(ALPHABET) for code in codes)
    assert all(code == code.upper() for code in codes)
    assert len(set(codes)) > 340


def test_the_alphabet_has_no_look_alikes() -> None:
    assert not set(ALPHABET) & set(LOOK_ALIKES)
    assert len(set(ALPHABET)) == len(ALPHABET) == 25


# -- create --------------------------------------------------------------------------------


def test_create_stores_a_session_that_expires_after_the_hours(
    classroom: Classroom, storage: Storage
) -> None:
    created = classroom.create(
        "  3 vwo  ", level="vwo", region="Limburg", companies=["dollardzout-chemie"], hours=1.5
    )
    assert created.label == "3 vwo"
    assert (created.level, created.region, created.max_pupils) == ("vwo", "Limburg", 40)
    assert created.companies == ("dollardzout-chemie",)
    assert created.expires_at == T0 + timedelta(hours=1.5)
    assert storage.session_by_code(created.code) == created


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("label", {"label": ""}),
        ("label", {"label": "   "}),
        ("label", {"label": "x" * 81}),
        ("level", {"level": "mbo"}),
        ("region", {"region": "Twente"}),
        ("hours", {"hours": 0.2}),
        ("hours", {"hours": 12.5}),
        ("max_pupils", {"max_pupils": 0}),
    ],
)
def test_create_rejects_a_bad_field_by_name(classroom: Classroom, field: str, kwargs: dict) -> None:
    values = {"label": "3 havo", **kwargs}
    with pytest.raises(ValueError, match=field):
        classroom.create(**values)


def test_create_accepts_the_edges_of_each_range(classroom: Classroom) -> None:
    assert classroom.create("x" * 80, hours=0.25).label == "x" * 80
    assert classroom.create("y", hours=12, max_pupils=1).max_pupils == 1


def test_create_names_the_unknown_company_ids(classroom: Classroom) -> None:
    with pytest.raises(ValueError, match="asml, vdl"):
        classroom.create("3 havo", companies=["dollardzout-chemie", "asml", "vdl"])


def test_create_checks_companies_only_against_a_catalog(storage: Storage, clock: FakeClock) -> None:
    without = Classroom(storage, now=clock)
    assert without.create("3 havo", companies=["asml"]).companies == ("asml",)
    with pytest.raises(ValueError, match="asml"):
        without.create("3 havo", companies=["asml"], catalog=Catalog())


def test_create_draws_another_code_when_the_code_is_taken(
    classroom: Classroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = iter(["ACDEFG", "ACDEFG", "HJKMNP"])
    monkeypatch.setattr(classroom_module, "new_code", lambda: next(codes))
    first = classroom.create("3 havo A")
    second = classroom.create("3 havo B")
    assert (first.code, second.code) == ("ACDEFG", "HJKMNP")


def test_create_gives_up_after_five_retries(
    classroom: Classroom, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[str] = []

    def always_the_same() -> str:
        drawn.append("ACDEFG")
        return "ACDEFG"

    monkeypatch.setattr(classroom_module, "new_code", always_the_same)
    classroom.create("3 havo A")
    with pytest.raises(CodeTakenError):
        classroom.create("3 havo B")
    assert len(drawn) == 1 + 6


# -- join ----------------------------------------------------------------------------------


def test_join_counts_a_pupil_and_accepts_lower_case_and_spaces(
    classroom: Classroom, storage: Storage, session: ClassSession
) -> None:
    assert classroom.join(session.code) == session
    assert classroom.join(f"  {session.code.lower()} \n") == session
    assert storage.count_events(session.id, "join") == 2


@pytest.mark.parametrize("code", ["ACDEFG", "", "   ", "O0O0O0", "ACDEFGH", "ACD-EF"])
def test_join_an_unknown_or_malformed_code_is_unknown(classroom: Classroom, code: str) -> None:
    with pytest.raises(ClassSessionError) as caught:
        classroom.join(code)
    assert caught.value.reason == "unknown"
    assert caught.value.message == texts.CLASS_CODE_UNKNOWN
    assert isinstance(caught.value, TechkompasError)


def test_join_after_the_end_is_expired_with_the_unknown_message(
    classroom: Classroom, clock: FakeClock, session: ClassSession
) -> None:
    clock.advance(hours=2)
    with pytest.raises(ClassSessionError) as caught:
        classroom.join(session.code)
    assert caught.value.reason == "expired"
    assert caught.value.message == texts.CLASS_CODE_UNKNOWN


def test_join_a_full_class_is_full_with_its_own_message(
    classroom: Classroom, storage: Storage
) -> None:
    small = classroom.create("klein groepje", max_pupils=3)
    join_many(classroom, small.code, 3)
    with pytest.raises(ClassSessionError) as caught:
        classroom.join(small.code)
    assert caught.value.reason == "full"
    assert caught.value.message == texts.CLASS_FULL != texts.CLASS_CODE_UNKNOWN
    assert storage.count_events(small.id, "join") == 3


def test_the_pupil_messages_are_dutch_and_do_not_name_the_code(
    classroom: Classroom, session: ClassSession
) -> None:
    with pytest.raises(ClassSessionError) as caught:
        classroom.join("ACDEFG")
    assert "klascode" in caught.value.message
    assert "ACDEFG" not in caught.value.message and "ACDEFG" not in str(caught.value)


# -- recording -----------------------------------------------------------------------------


def test_topics_come_from_the_records_of_the_answer_each_once(
    classroom: Classroom, storage: Storage, session: ClassSession
) -> None:
    document = hit("document", source="seeds/001_techniek.txt")
    answer = answered(ROLE, COMPANY, ROLE, PROFILE, PROGRAMME, PROFILE, document)
    classroom.record_answer(session, "Wat doet een procesoperator?", answer)
    assert events(storage, session) == [
        ("question", None, None, None, 1),
        ("topic", "company", "dollardzout-chemie", None, 1),
        ("topic", "profile", "havo-vwo-profielen", None, 1),
        ("topic", "programme", "jet-net", None, 1),
        ("topic", "role", "procesoperator", None, 1),
        ("topic", "sector", "chemie", None, 1),
        ("topic", "sector", "procesindustrie", None, 1),
    ]


def test_topics_are_not_taken_from_the_question_text(
    classroom: Classroom, storage: Storage, session: ClassSession
) -> None:
    classroom.record_answer(session, "Wat doet een lasser bij Dollardzout?", answered(PROFILE))
    topics = [row[2] for row in events(storage, session) if row[0] == "topic"]
    assert topics == ["havo-vwo-profielen"]


def test_a_fallback_answer_counts_its_topics_too(
    classroom: Classroom, storage: Storage, session: ClassSession
) -> None:
    answer = Answer(Outcome.FALLBACK, text="Uit de bronnen.", hits=[ROLE])
    classroom.record_answer(session, "Wat doet een procesoperator?", answer)
    assert ("topic", "role", "procesoperator", None, 1) in events(storage, session)


def test_an_unanswered_question_is_kept_scrubbed_without_topics(
    classroom: Classroom, storage: Storage, session: ClassSession
) -> None:
    answer = Answer(Outcome.NOT_IN_SOURCES, hits=[ROLE, COMPANY])
    classroom.record_answer(session, "Ik heet Sanne, wat verdient een piloot?", answer)
    assert events(storage, session) == [("question", None, None, None, 1)]
    [(text, count)] = storage.unanswered(session.id)
    assert "Sanne" not in text and "[naam]" in text and "piloot" in text
    assert count == 1


def test_an_unanswered_question_is_cut_to_300_characters(
    classroom: Classroom, storage: Storage, session: ClassSession
) -> None:
    question = "Wat verdient een piloot " + "echt " * 100 + "?"
    classroom.record_answer(session, question, Answer(Outcome.NOT_IN_SOURCES))
    [(text, _)] = storage.unanswered(session.id)
    assert len(text) == 300 and text.startswith("Wat verdient een piloot echt")


def test_a_refused_question_leaves_only_its_count(
    classroom: Classroom, storage: Storage, session: ClassSession
) -> None:
    refused = Answer(Outcome.REFUSED, hits=[ROLE], reason="off_topic")
    classroom.record_answer(session, "Ik heet Sanne, wie wint de wedstrijd?", refused)
    assert events(storage, session) == [("question", None, None, None, 1)]
    assert storage.unanswered(session.id) == []


def test_quiz_records_one_event_per_letter(
    classroom: Classroom, storage: Storage, session: ClassSession
) -> None:
    classroom.record_quiz(session, ["R", "I", "R"])
    assert events(storage, session) == [
        ("quiz", None, None, "I", 1),
        ("quiz", None, None, "R", 1),
    ]


def test_quiz_rejects_anything_but_interest_letters(
    classroom: Classroom, storage: Storage, session: ClassSession
) -> None:
    with pytest.raises(ValueError, match="RI"):
        classroom.record_quiz(session, ["R", "RI"])
    assert events(storage, session) == []


@pytest.mark.parametrize(("rating", "value"), [(1, "up"), (-1, "down"), ("up", "up")])
def test_feedback_records_up_or_down(
    classroom: Classroom, storage: Storage, session: ClassSession, rating: int | str, value: str
) -> None:
    classroom.record_feedback(session, rating)
    assert events(storage, session) == [("feedback", None, None, value, 1)]


@pytest.mark.parametrize("rating", [0, 2, True, "goed"])
def test_feedback_rejects_other_ratings(
    classroom: Classroom, session: ClassSession, rating: int | str
) -> None:
    with pytest.raises(ValueError, match="rating"):
        classroom.record_feedback(session, rating)


# -- the k >= 3 rule -----------------------------------------------------------------------


def test_two_pupils_are_reported_as_none_and_unanswered_stays_empty(
    classroom: Classroom, session: ClassSession
) -> None:
    join_many(classroom, session.code, 2)
    classroom.record_answer(session, "Wat verdient een piloot?", Answer(Outcome.NOT_IN_SOURCES))
    report = classroom.report(session.code)
    assert (report.pupils, report.questions, report.unanswered) == (0, 0, ())
    assert report.hidden == ("pupils", "questions", "unanswered")


def test_three_pupils_are_shown_with_their_unanswered_questions(
    classroom: Classroom, session: ClassSession
) -> None:
    join_many(classroom, session.code, 3)
    for question in ("Wat verdient een piloot?", "Wat doet een astronaut?", "Ik heet Sanne?"):
        classroom.record_answer(session, question, Answer(Outcome.NOT_IN_SOURCES))
    report = classroom.report(session.code)
    assert (report.pupils, report.questions, report.hidden) == (3, 3, ())
    assert sorted(report.unanswered) == [
        ("Ik heet [naam]?", 1),
        ("Wat doet een astronaut?", 1),
        ("Wat verdient een piloot?", 1),
    ]


def test_a_topic_asked_twice_is_left_out_and_three_times_shown(
    classroom: Classroom, session: ClassSession
) -> None:
    join_many(classroom, session.code, 5)
    for _ in range(2):
        classroom.record_answer(session, "Wat is Jet-Net?", answered(PROGRAMME))
    for _ in range(3):
        classroom.record_answer(session, "Welke profielen zijn er?", answered(PROFILE))
    report = classroom.report(session.code)
    assert [(t.topic, t.count) for t in report.topics] == [("havo-vwo-profielen", 3)]
    assert report.hidden == ("topics",)


def test_a_quiz_letter_chosen_twice_is_left_out_and_three_times_shown(
    classroom: Classroom, session: ClassSession
) -> None:
    join_many(classroom, session.code, 3)
    for letters in (["R", "I"], ["R", "I"], ["R", "C"]):
        classroom.record_quiz(session, letters)
    report = classroom.report(session.code)
    assert report.quiz == {"R": 3}
    assert report.hidden == ("quiz",)


def test_feedback_counted_once_or_twice_is_reported_as_none(
    classroom: Classroom, session: ClassSession
) -> None:
    join_many(classroom, session.code, 4)
    for rating in (1, 1, 1, -1, -1):
        classroom.record_feedback(session, rating)
    report = classroom.report(session.code)
    assert report.feedback == {"up": 3, "down": 0}
    assert report.hidden == ("feedback.down",)


def test_an_empty_session_reports_zeros_and_hides_nothing(
    classroom: Classroom, session: ClassSession
) -> None:
    report = classroom.report(session.code)
    assert report == ClassReport(
        code=session.code,
        label="3 havo B, mentorles",
        pupils=0,
        questions=0,
        topics=(),
        quiz={},
        feedback={"up": 0, "down": 0},
        unanswered=(),
        hidden=(),
    )


# -- the report ----------------------------------------------------------------------------


def play_a_class_of_thirty(classroom: Classroom, session: ClassSession) -> None:
    """30 pupils: 12 ask about the procesoperator (4 of them also see Dollardzout), 5 about
    profiles, 2 about Jet-Net, 4 unanswered (3 the same), 3 refused; quiz and thumbs."""
    join_many(classroom, session.code, 30)
    for n in range(12):
        hits = [ROLE, COMPANY] if n < 4 else [ROLE]
        classroom.record_answer(session, "Wat doet een procesoperator?", answered(*hits))
    for _ in range(5):
        classroom.record_answer(session, "Welke profielen zijn er?", answered(PROFILE))
    for _ in range(2):
        classroom.record_answer(session, "Wat is Jet-Net?", answered(PROGRAMME))
    for question in ["Wat verdient een piloot?"] * 3 + ["Ik heet Sanne, mag ik stage lopen?"]:
        classroom.record_answer(session, question, Answer(Outcome.NOT_IN_SOURCES))
    for _ in range(3):
        classroom.record_answer(session, "Wie wint er?", Answer(Outcome.REFUSED))
    for letters in [["R", "I"]] * 10 + [["A", "S"]] * 4 + [["E"]] * 2:
        classroom.record_quiz(session, letters)
    for rating in [1] * 9 + [-1] * 2:
        classroom.record_feedback(session, rating)


def test_a_class_of_thirty_is_reported_exactly(classroom: Classroom, session: ClassSession) -> None:
    play_a_class_of_thirty(classroom, session)
    report = classroom.report(session.code)
    assert (report.code, report.label, report.pupils, report.questions) == (
        session.code,
        "3 havo B, mentorles",
        30,
        26,
    )
    assert [(t.topic, t.kind, t.count, t.label) for t in report.topics] == [
        ("chemie", "sector", 12, "Chemie"),
        ("procesindustrie", "sector", 12, "Procesindustrie"),
        ("procesoperator", "role", 12, "Procesoperator"),
        ("havo-vwo-profielen", "profile", 5, "Havo vwo profielen"),
        ("dollardzout-chemie", "company", 4, "Dollardzout Chemie"),
    ]
    assert report.quiz == {"R": 10, "I": 10, "A": 4, "S": 4}
    assert report.feedback == {"up": 9, "down": 0}
    assert report.unanswered == (
        ("Wat verdient een piloot?", 3),
        ("Ik heet [naam], mag ik stage lopen?", 1),
    )
    assert report.hidden == ("topics", "quiz", "feedback.down")


def test_as_json_has_exactly_the_agreed_keys(classroom: Classroom, session: ClassSession) -> None:
    play_a_class_of_thirty(classroom, session)
    data = classroom.report(session.code).as_json()
    assert list(data) == [
        "code",
        "label",
        "pupils",
        "questions",
        "topics",
        "unanswered",
        "feedback",
        "quiz",
        "hidden",
    ]
    assert data["topics"][0] == {"topic": "chemie", "kind": "sector", "count": 12}
    assert data["unanswered"][0] == {"question": "Wat verdient een piloot?", "count": 3}
    assert data["feedback"] == {"up": 9, "down": 0}
    assert data["quiz"] == {"R": 10, "I": 10, "A": 4, "S": 4}
    assert data["hidden"] == ["topics", "quiz", "feedback.down"]


def test_no_count_of_one_or_two_is_ever_reported(
    classroom: Classroom, session: ClassSession
) -> None:
    play_a_class_of_thirty(classroom, session)
    data = classroom.report(session.code).as_json()
    counts = [data["pupils"], data["questions"], *data["feedback"].values(), *data["quiz"].values()]
    counts += [topic["count"] for topic in data["topics"]]
    assert not {1, 2} & set(counts)


def test_a_report_is_still_available_after_the_session_ended(
    classroom: Classroom, clock: FakeClock, session: ClassSession
) -> None:
    join_many(classroom, session.code, 3)
    clock.advance(days=3)
    assert classroom.report(session.code.lower()).pupils == 3


def test_a_report_for_an_unknown_code_is_refused(classroom: Classroom) -> None:
    with pytest.raises(ClassSessionError, match="unknown"):
        classroom.report("ACDEFG")


def test_without_a_catalog_a_report_shows_ids_and_counts_no_sectors(
    storage: Storage, clock: FakeClock
) -> None:
    bare = Classroom(storage, now=clock)
    session = bare.create("3 havo")
    join_many(bare, session.code, 3)
    for _ in range(3):
        bare.record_answer(session, "Wat doet een procesoperator?", answered(ROLE))
    topics = bare.report(session.code).topics
    assert [(t.kind, t.label) for t in topics] == [("role", "Procesoperator")]


# -- purge ---------------------------------------------------------------------------------


def test_purge_removes_only_sessions_that_ended_more_than_n_days_ago(
    classroom: Classroom, storage: Storage, clock: FakeClock
) -> None:
    old = classroom.create("oud", hours=1)  # ends T0 + 1h
    join_many(classroom, old.code, 3)
    classroom.record_feedback(old, 1)
    clock.advance(days=20)
    recent = classroom.create("recent", hours=1)  # ends T0 + 20d + 1h
    join_many(classroom, recent.code, 2)
    clock.advance(days=10, hours=1, minutes=30)  # old ended 30d 30min ago, recent 10d 30min
    running = classroom.create("nu bezig")
    classroom.join(running.code)
    assert classroom.purge(older_than_days=30) == (1, 4)
    assert storage.session_by_code(old.code) is None
    assert storage.count_events(old.id, "join") == 0
    assert storage.count_events(recent.id, "join") == 2
    assert storage.session_by_code(running.code) == running
    assert classroom.purge(older_than_days=30) == (0, 0)


def test_purge_rejects_a_negative_number_of_days(classroom: Classroom) -> None:
    with pytest.raises(ValueError, match="older_than_days"):
        classroom.purge(-1)
