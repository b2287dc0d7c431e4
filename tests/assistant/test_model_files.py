"""Joining the PyPI-packaged model parts: once, checked, atomic."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from assistant import model_files
from assistant.errors import LLMMissingError


@pytest.fixture
def parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    paths = []
    for i, data in enumerate([b"GGUF" + b"a" * 1000, b"b" * 999, b"c" * 10], start=1):
        path = tmp_path / "site-packages" / f"part{i:02d}.bin"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        paths.append(path)
    whole = b"".join(p.read_bytes() for p in paths)
    monkeypatch.setattr(model_files, "_part_paths", lambda: paths)
    monkeypatch.setattr(model_files, "SHA256", hashlib.sha256(whole).hexdigest())
    return paths


def test_parts_are_joined_once_into_the_cache(parts, tmp_path):
    cache = tmp_path / "cache"
    path = model_files.model_path(None, cache)
    assert path == cache / model_files.PACKAGED_MODEL
    assert path.read_bytes() == b"".join(p.read_bytes() for p in parts)
    stamp = path.stat().st_mtime_ns
    assert model_files.model_path(None, cache).stat().st_mtime_ns == stamp  # not joined again
    assert [p.name for p in cache.iterdir()] == [model_files.PACKAGED_MODEL]


def test_a_damaged_part_is_refused_and_leaves_no_file(parts, tmp_path):
    parts[1].write_bytes(b"x" * 999)  # same size, other bytes
    cache = tmp_path / "cache"
    with pytest.raises(LLMMissingError, match="wrong checksum"):
        model_files.model_path(None, cache)
    assert list(cache.iterdir()) == []


def test_a_missing_package_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(model_files, "PART_MODULE", "no_such_model_part{}")
    with pytest.raises(LLMMissingError, match="make install"):
        model_files.model_path(None, tmp_path)


def test_a_school_model_file_is_used_as_is(tmp_path):
    own = tmp_path / "school.gguf"
    own.write_bytes(b"GGUF")
    assert model_files.model_path(own, tmp_path / "cache") == own
    with pytest.raises(LLMMissingError, match="point it at a GGUF file"):
        model_files.model_path(tmp_path / "missing.gguf", tmp_path / "cache")
