"""Which files an ingest reads (`discover`) and the hash that tells a changed file from an
unchanged one (`file_hash`: the bytes plus the pipeline version and chunk settings)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from assistant.errors import SourceError
from ingest.load import is_document

PIPELINE_VERSION = "6"  # bump when cleaning or chunking changes, to re-ingest everything


def discover(paths: Iterable[Path]) -> list[tuple[Path, str, str, bool]]:
    """(file, source key, root id, root is a folder) for every file under the given paths."""
    found = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            root = path.resolve()
            for file in sorted(p for p in path.rglob("*") if p.is_file()):
                rel = file.relative_to(path)
                if any(part.startswith(".") for part in rel.parts) or not is_document(file):
                    continue
                found.append((file, f"{root.name}/{rel.as_posix()}", str(root), True))
        elif path.is_file():
            root = path.resolve().parent
            found.append((path, f"{root.name}/{path.name}", str(root), False))
        else:
            raise SourceError(str(path), "no such file or folder")
    return found


def file_hash(path: Path, chunk_size: int, chunk_overlap: int) -> str:
    digest = hashlib.sha256(f"{PIPELINE_VERSION}|{chunk_size}|{chunk_overlap}|".encode())
    digest.update(path.read_bytes())
    return digest.hexdigest()
