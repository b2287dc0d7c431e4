"""How close a source sentence is in meaning to the question, with the embedding model the index
uses: the extractive answer ranks sentences by the words they share with the question *and* by
this, so "krijg je betaald?" finds "je krijgt loon" and "hoe werkt BBL?" the sentence that says
how it works rather than the one that spells the abbreviation out. Sentence vectors are cached
(the corpus's sentences recur across questions), so a warm server embeds only the question;
the question itself is not cached (pupil text is kept nowhere it does not have to be)."""

from __future__ import annotations

import threading
from collections import OrderedDict

from langchain_core.embeddings import Embeddings

CACHE_SIZE = 20_000  # sentence vectors kept (384 floats each: about 60 MB at most)


class SentenceSimilarity:
    def __init__(self, embeddings: Embeddings, cache_size: int = CACHE_SIZE) -> None:
        self.embeddings = embeddings
        self.cache_size = cache_size
        self._vectors: OrderedDict[str, list[float]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, question: str, sentences: list[str]) -> list[float]:
        """Cosine similarity of each sentence to the question (vectors are normalised)."""
        if not sentences:
            return []
        query = self.embeddings.embed_query(question)  # pupil text is not kept, not even here
        new = [s for s in dict.fromkeys(sentences) if self._get(s) is None]
        if new:
            for text, vector in zip(new, self.embeddings.embed_documents(new), strict=True):
                self._put(text, vector)
        out = []
        for sentence in sentences:
            vector = self._get(sentence) or self.embeddings.embed_documents([sentence])[0]
            out.append(sum(a * b for a, b in zip(query, vector, strict=True)))
        return out

    def _get(self, key: str) -> list[float] | None:
        with self._lock:
            vector = self._vectors.get(key)
            if vector is not None:
                self._vectors.move_to_end(key)
            return vector

    def _put(self, key: str, vector: list[float]) -> None:
        with self._lock:
            self._vectors[key] = vector
            while len(self._vectors) > self.cache_size:
                self._vectors.popitem(last=False)
