"""Read corpora of articles and write record files, safely.

``iter_corpus`` streams ``(doc_id, text)`` from JSONL / CSV / Parquet (optionally ``.gz``) or from a
folder of ``.txt`` / ``.html`` files. A record that cannot be read raises :class:`CorpusError`
naming the file and line, or with ``on_error="skip"`` is skipped and counted in
``CorpusReader.skipped``. ``write_records`` and ``JsonlWriter`` write through a temporary file and
``os.replace``, so a reader never sees half a file.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".html", ".htm")
FORMATS = (".jsonl", ".json", ".csv", ".parquet")


class CorpusError(ValueError):
    """A corpus record that cannot be read; the message names the file and the line or row."""


def _format(path: Path) -> tuple[str, bool]:
    suffixes = [s.lower() for s in path.suffixes]
    gz = bool(suffixes) and suffixes[-1] == ".gz"
    if gz:
        suffixes = suffixes[:-1]
    fmt = suffixes[-1] if suffixes else ""
    if fmt == ".ndjson":
        fmt = ".jsonl"
    if fmt not in FORMATS:
        raise CorpusError(
            f"{path}: unknown corpus format {fmt or '(no suffix)'!r}; "
            f"use one of {FORMATS} (optionally .gz) or a folder of .txt/.html"
        )
    return fmt, gz


class CorpusReader:
    """Iterable over ``(doc_id, text)``; ``skipped`` counts bad records when ``on_error="skip"``."""

    def __init__(
        self,
        path: str | os.PathLike,
        id_field: str = "id",
        text_field: str = "text",
        on_error: str = "raise",
    ):
        if on_error not in ("raise", "skip"):
            raise ValueError(f"on_error must be 'raise' or 'skip', got {on_error!r}")
        self.path = Path(path)
        self.id_field, self.text_field, self.on_error = id_field, text_field, on_error
        self.skipped = 0
        self.errors: list[str] = []

    def _bad(self, message: str) -> None:
        if self.on_error == "raise":
            raise CorpusError(message)
        self.skipped += 1
        if len(self.errors) < 100:
            self.errors.append(message)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        if not self.path.exists():
            raise CorpusError(f"{self.path}: no such file or folder")
        if self.path.is_dir():
            yield from self._folder()
            return
        fmt, gz = _format(self.path)
        if fmt == ".parquet":
            yield from self._rows(self._parquet())
        elif fmt == ".csv":
            yield from self._rows(self._csv(gz))
        else:
            yield from self._rows(self._jsonl(gz))

    # -- sources: each yields (where, record or None, error) ----------------------------------
    def _lines(self, gz: bool) -> Iterator[tuple[int, str | None, str | None]]:
        try:
            with gzip.open(self.path, "rb") if gz else open(self.path, "rb") as f:
                for n, line in enumerate(f, 1):
                    try:
                        yield n, line.decode("utf-8"), None
                    except UnicodeDecodeError as e:
                        yield n, None, f"undecodable bytes ({e.reason} at byte {e.start})"
        except (OSError, EOFError, gzip.BadGzipFile) as e:
            yield 0, None, f"cannot read ({e})"

    def _jsonl(self, gz: bool):
        for n, line, err in self._lines(gz):
            where = f"{self.path}:{n}" if n else str(self.path)
            if err:
                yield where, None, err
            elif line.strip():
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    yield where, None, f"not JSON ({e.msg})"
                    continue
                yield where, rec, None if isinstance(rec, dict) else "not a JSON object"

    def _csv(self, gz: bool):
        csv.field_size_limit(sys.maxsize)
        lines = []
        for n, line, err in self._lines(gz):
            if err and n == 0:
                yield str(self.path), None, err
                return
            if err:
                yield f"{self.path}:{n}", None, err
            else:
                lines.append(line)
        try:
            reader = csv.DictReader(io.StringIO("".join(lines)))
            for rec in reader:
                yield f"{self.path}:{reader.line_num}", rec, None
        except csv.Error as e:
            yield str(self.path), None, f"not CSV ({e})"

    def _parquet(self):
        try:
            import pyarrow.parquet as pq

            table = pq.ParquetFile(self.path)
            row = 0
            for batch in table.iter_batches():
                for rec in batch.to_pylist():
                    row += 1
                    yield f"{self.path}:row {row}", rec, None
        except Exception as e:  # pyarrow raises several types for a file that is not Parquet
            yield str(self.path), None, f"not a Parquet file ({type(e).__name__}: {e})"

    def _rows(self, source) -> Iterator[tuple[str, str]]:
        for where, rec, err in source:
            if err:
                self._bad(f"{where}: {err}")
                continue
            doc_id, text = rec.get(self.id_field), rec.get(self.text_field)
            if doc_id is None or str(doc_id).strip() == "":
                self._bad(f"{where}: missing id field {self.id_field!r}")
            elif not isinstance(text, str):
                self._bad(f"{where}: missing text field {self.text_field!r}")
            elif not text.strip():
                self._bad(f"{where}: empty text")
            else:
                yield str(doc_id), text

    def _folder(self) -> Iterator[tuple[str, str]]:
        files = sorted(
            p for p in self.path.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
        )
        for p in files:
            doc_id = p.relative_to(self.path).with_suffix("").as_posix()
            data = p.read_bytes()
            if b"\x00" in data[:4096]:
                self._bad(f"{p}: binary data, not a {p.suffix} file")
                continue
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as e:
                line = data.count(b"\n", 0, e.start) + 1
                self._bad(f"{p}:{line}: undecodable bytes ({e.reason})")
                continue
            if not text.strip():
                self._bad(f"{p}: empty text")
                continue
            yield doc_id, text


def iter_corpus(
    path: str | os.PathLike, id_field: str = "id", text_field: str = "text", on_error: str = "raise"
) -> CorpusReader:
    """Stream ``(doc_id, text)`` pairs; the returned reader's ``skipped`` counts bad records."""
    return CorpusReader(path, id_field=id_field, text_field=text_field, on_error=on_error)


class JsonlWriter:
    """Stream records to JSONL; the file appears (atomically) only when closed without error.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "q.jsonl"
    >>> with JsonlWriter(out) as w:
    ...     w.write({"a": 1})
    >>> out.read_text()
    '{"a": 1}\\n'
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(
            dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp"
        )
        raw = os.fdopen(fd, "wb")
        self._f = gzip.GzipFile(fileobj=raw, mode="wb") if self.path.suffix == ".gz" else raw
        self._raw = raw
        self.count = 0

    def write(self, record: dict) -> None:
        self._f.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
        self.count += 1

    def close(self) -> None:
        self._f.close()
        if self._raw is not self._f:
            self._raw.close()
        os.replace(self._tmp, self.path)

    def abort(self) -> None:
        self._f.close()
        if self._raw is not self._f:
            self._raw.close()
        Path(self._tmp).unlink(missing_ok=True)

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def write_records(path: str | os.PathLike, records: Iterable[dict]) -> int:
    """Write records as JSONL / CSV / Parquet by suffix (``.gz`` allowed for JSONL/CSV), atomically."""
    path = Path(path)
    fmt, gz = _format(path)
    if fmt in (".jsonl", ".json"):
        with JsonlWriter(path) as w:
            for r in records:
                w.write(r)
        return w.count
    import pandas as pd

    frame = pd.DataFrame(list(records))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        if fmt == ".csv":
            frame.to_csv(tmp, index=False, compression="gzip" if gz else None)
        else:
            frame.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return len(frame)
