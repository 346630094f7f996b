"""Validated knowledge files kept by content hash, so a reload re-parses only changed files."""

from __future__ import annotations

import threading
from collections.abc import Iterable

from knowledge.schema import KnowledgeFile


class ParseCache:
    """Validated files by the sha256 of their bytes, shared between loads of a knowledge base.

    Only files without problems of their own are kept, and a successful load drops entries
    that are no longer part of the knowledge base. Safe to use from a worker thread.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[str, KnowledgeFile] = {}
        # (file digest, (source id, document digest) of every source it cites): files whose
        # excerpts and quotes were found word for word in exactly those documents.
        self._verified: set[tuple[str, tuple]] = set()
        self.parses = 0  # files parsed and validated because they were not cached
        self.hits = 0

    def __len__(self) -> int:
        with self._lock:
            return len(self._files)

    def get(self, digest: str) -> KnowledgeFile | None:
        with self._lock:
            found = self._files.get(digest)
            if found is not None:
                self.hits += 1
            return found

    def put(self, digest: str, knowledge_file: KnowledgeFile) -> None:
        with self._lock:
            self._files[digest] = knowledge_file

    def count_parse(self) -> None:
        with self._lock:
            self.parses += 1

    def retain(self, digests: Iterable[str]) -> None:
        keep = set(digests)
        with self._lock:
            self._files = {d: f for d, f in self._files.items() if d in keep}
            self._verified = {key for key in self._verified if key[0] in keep}

    def verified(self, key: tuple[str, tuple]) -> bool:
        with self._lock:
            return key in self._verified

    def mark_verified(self, key: tuple[str, tuple]) -> None:
        with self._lock:
            self._verified.add(key)
