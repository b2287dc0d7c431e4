"""Techkompas core: settings, embeddings, store, retrieval and the answer pipeline."""

__version__ = "0.1.0"
