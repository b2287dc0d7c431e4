"""How close a source sentence is in meaning to the question, with the embedding model the index
uses: the extractive answer ranks sentences by the words they share with the question *and* by
this, so "krijg je betaald?" finds "je krijgt loon" and "hoe werkt BBL?" the sentence that says
how it works rather than the one that spells the abbreviation out. Sentence vectors come from
the index (made at ingestion, assistant.sentence_vectors) or, for a sentence it lacks, are
embedded and cached, so serving embeds only the question;
the question itself is not cached (pupil text is kept nowhere it does not have to be)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import partial

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.history import split_condensed
from assistant.sentence_vectors import SentenceVectors

CACHE_SIZE = 20_000  # sentence vectors kept (384 float32 each: about 30 MB at most)


class SentenceSimilarity:
    def __init__(
        self,
        embeddings: Embeddings,
        cache_size: int = CACHE_SIZE,
        stored: SentenceVectors | None = None,
    ) -> None:
        self.embeddings = embeddings
        self.cache_size = cache_size
        self.stored = stored  # the vectors ingestion made (assistant.sentence_vectors)
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(
        self, question: str, sentences: list[str], vector: list[float] | None = None
    ) -> list[float]:
        """Cosine similarity of each sentence to the question (vectors are normalised);
        `vector` is the question's embedding when retrieval already made it."""
        if not sentences:
            return []
        query = np.asarray(
            vector if vector is not None else self.embeddings.embed_query(question), np.float32
        )  # the question is not kept: pupil text is held nowhere it does not have to be
        found = {s: v for s in dict.fromkeys(sentences) if (v := self._get(s)) is not None}
        missing = [s for s in dict.fromkeys(sentences) if s not in found]
        if missing and self.stored is not None:
            found.update(self.stored.lookup(missing))
            missing = [s for s in missing if s not in found]
        if missing:  # not stored at ingestion (an older index, a record text): embed, keep
            found.update(self._embed(missing))
        return [float(query @ found[s]) for s in sentences]

    def to(self, question: str, vector: list[float] | None) -> Callable[[list[str]], list[float]]:
        """Closeness to what is asked, for `extractive.compose`: for a follow-up the rule
        condensed, to the pupil's own words (the earlier question pulls toward what was already
        answered); else to the question, with the vector retrieval made of it."""
        own, earlier = split_condensed(question)
        return partial(self, own, vector=None if earlier else vector)

    def _embed(self, texts: list[str]) -> dict[str, np.ndarray]:
        out = {}
        for text, vector in zip(texts, self.embeddings.embed_documents(texts), strict=True):
            out[text] = np.asarray(vector, np.float32)
            self._put(text, out[text])
        return out

    def _get(self, key: str) -> np.ndarray | None:
        with self._lock:
            vector = self._vectors.get(key)
            if vector is not None:
                self._vectors.move_to_end(key)
            return vector

    def _put(self, key: str, vector: np.ndarray) -> None:
        with self._lock:
            self._vectors[key] = vector
            while len(self._vectors) > self.cache_size:
                self._vectors.popitem(last=False)
