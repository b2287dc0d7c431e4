"""Finding records by name or topic, for the pipeline: the chunks of a role or company a
question names, the roles a question is about, the opening of a document for "wat is X?", and
the sections about the school topics it names, and for a follow-up only what is about the
earlier question."""

from __future__ import annotations

from assistant.catalog import Catalog, companies_named_in
from assistant.coverage import asked_kinds
from assistant.history import split_condensed
from assistant.lexical import tokenize
from assistant.query import QueryAnalyzer, QueryInfo
from assistant.question_shapes import asks_what
from assistant.records import SchoolTopic, SchoolTopics
from assistant.retrieval import HybridRetriever, build_where
from assistant.topics import named_topics
from assistant.types import Hit

KIND_MORE = 2  # more passages for "hoeveel ...?": see drawn_on


def named_records(
    retriever: HybridRetriever,
    catalog: Catalog,
    question: str,
    info: QueryInfo,
    doc_type: object,
    province: str | None,
) -> list[Hit]:
    """The chunks of a role or company the question names ("wat doet een procesoperator",
    "zuivelfabriek greidhoeke"): exact names beat similarity."""
    names: list[str] = []
    if doc_type in (None, "role"):
        names += catalog.roles_named_in(info.expanded)[:1]
    if doc_type in (None, "company"):
        names += [
            c for c in companies_named_in(catalog, question)
            if province in (None, catalog.companies[c].province)
        ][:1]  # fmt: skip
    return [h for name in names for h in retriever.record_hits(name)]


def topic_roles(
    retriever: HybridRetriever, analyzer: QueryAnalyzer, question: str, limit: int = 2
) -> list[str]:
    """The roles a question is about (at most `limit`), by a search over role records only:
    those its words point at (a lone "dieren" is near every role for e5), at least half as
    strongly as the best one."""
    info = analyzer.analyze(question)
    where = build_where(doc_type="role")
    hits = retriever.retrieve(
        question, lexical_query=info.expanded, k=max(3, 2 * limit), where=where
    ).hits
    best = max((h.bm25_score for h in hits), default=0.0)
    found = [h.record_id for h in hits if h.record_id and h.bm25_score >= max(0.5 * best, 1e-9)]
    return list(dict.fromkeys(found))[:limit]


def opening_first(retriever: HybridRetriever, hits: list[Hit], info: QueryInfo) -> list[Hit]:
    """For "wat is X?": the opening of the document about X first, when the best passage is
    from a document whose title names X but is not its opening."""
    if not hits or hits[0].metadata.get("chunk_index", 0) == 0:
        return hits
    opening = retriever.opening(hits[0].source)
    if opening is None or not set(tokenize(opening.title)) & set(tokenize(info.expanded)):
        return hits
    return [opening, *(h for h in hits if h.chunk_id != opening.chunk_id)]


def topic_first(
    retriever: HybridRetriever,
    topics: list[SchoolTopic],
    hits: list[Hit],
    every: list[SchoolTopic],
) -> list[Hit]:
    """One passage of the section about each topic the question names first ("verschil tussen
    kader en basis": one of each; the one the search ranked best, else the section's opening),
    then what the search found, except the sections about other topics (N&T's section says
    nothing about N&G) and the named sections' other passages come after."""
    rank = {h.chunk_id: i for i, h in enumerate(hits)}
    sections = [retriever.section_hits(t.source, t.section) for t in topics]
    best = [min(s, key=lambda h: rank.get(h.chunk_id, len(hits))) for s in sections if s]
    if len(best) == 1:  # one topic: its whole section before what the search found elsewhere
        best += [h for h in sections[0] if h.chunk_id != best[0].chunk_id]
    seen = {h.chunk_id for h in best}
    others = {(t.source, t.section) for t in every} - {(t.source, t.section) for t in topics}
    rest = [h for h in hits if h.chunk_id not in seen and (h.source, h.section) not in others]
    more = [h for s in sections for h in s if h.chunk_id not in seen | {r.chunk_id for r in rest}]
    return [*best, *rest, *more]


def about_earlier(hits: list[Hit], earlier: str) -> list[Hit]:
    """For a follow-up ("en krijg je dan ook geld? (wat is bbl)"): only the passages that share
    a word with the earlier question, when any do (money in general is not what is asked)."""
    words = set(tokenize(earlier))
    if not words:
        return hits
    about = [h for h in hits if words & set(tokenize(h.text))]
    return about or hits


def document_passages(
    retriever: HybridRetriever,
    question: str,
    hits: list[Hit],
    info: QueryInfo,
    topics: list[SchoolTopic],
    every: list[SchoolTopic],
    records_last: bool = False,
) -> list[Hit]:
    """The passages a question the records do not answer is answered from: the section about
    a school topic it names ("NT", "kader") first; for "wat is X?" the opening of X's document
    first; a follow-up only from passages about what was asked before. `records_last`: the
    role records' passages last (a question that names no role)."""
    earlier = split_condensed(question)[1]
    hits = documents_first(hits) if records_last else hits
    if topics:
        return about_earlier(topic_first(retriever, topics, hits, every), earlier)
    hits = about_earlier(hits, earlier)
    return opening_first(retriever, hits, info) if asks_what(question) else hits


def drawn_on(question: str, passages: list[Hit], limit: int) -> list[Hit]:
    """The passages an answer is drawn from: `limit`, and KIND_MORE more for a question after
    a kind of fact ("hoeveel scholen ...?"): in a long report the figure is often in a passage
    just below the first ones, and only a sentence holding it can answer."""
    return passages[: limit + (KIND_MORE if asked_kinds(question) else 0)]


def documents_first(hits: list[Hit]) -> list[Hit]:
    """The other passages before the role records' (each in their order): for a question that
    names no role, a role record sharing its words ("ingenieur") is not what it asks about.
    Company records stay where they are ("is daar een chemiebedrijf?" names no role either)."""
    return sorted(hits, key=lambda h: h.doc_type == "role")


def earlier_names(question: str, topics: SchoolTopics) -> tuple[str, ...]:
    """For a follow-up, every name of the school topics its earlier question named ("wat is
    een associate degree": also "Ad"), so its answer can come from a paragraph that says "Ad"."""
    earlier = split_condensed(question)[1]
    found = named_topics(earlier, topics) if earlier else []
    return tuple(name for t in found for name in (t.name, t.short, *t.aliases))
