"""Ingestion: load files, clean Dutch extraction damage, chunk, and index into Chroma."""
