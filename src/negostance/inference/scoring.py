"""The streaming corpus scorer behind ``negostance-score``.

Articles (or pre-extracted quotes) go through a :class:`StancePipeline` in bounded chunks, so memory
does not grow with the corpus. Each chunk is appended to the JSONL output and fsynced, then a small
sidecar ``<output>.progress.json`` records how many input items are done and how many bytes of
output hold them; a killed job rerun with the same command truncates the output to that size and
skips that many items, so no record is lost or written twice. CSV / Parquet outputs are written
from the JSONL at the end (atomically). ``shard=(i, n)`` keeps the documents whose stable hash of
``doc_id`` falls in part ``i``; :func:`merge_parts` checks that parts are disjoint and complete
and concatenates them. A per-speaker summary is written next to every output.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from negostance.data.io import CorpusError, CorpusReader
from negostance.inference.outputs import read_records, speakers_path, write_speakers, write_table
from negostance.inference.pipeline import StancePipeline, chunks


def parse_shard(spec) -> tuple[int, int] | None:
    """``"i/n"`` -> ``(i, n)`` with ``0 <= i < n``; ``None`` or ``""`` -> ``None``.

    >>> parse_shard("1/4")
    (1, 4)
    >>> parse_shard("4/4")
    Traceback (most recent call last):
    ...
    ValueError: shard=4/4 is out of range: use i/n with 0 <= i < n (here 0..3)
    """
    if spec in (None, ""):
        return None
    try:
        i, n = (int(x) for x in str(spec).split("/"))
    except ValueError:
        raise ValueError(f"shard={spec} is not of the form i/n (e.g. shard=0/4)") from None
    if n < 1 or not 0 <= i < n:
        raise ValueError(
            f"shard={spec} is out of range: use i/n with 0 <= i < n"
            + (f" (here 0..{n - 1})" if n >= 1 else "")
        )
    return i, n


def shard_of(doc_id, n: int) -> int:
    """The part (of ``n``) a document belongs to: a stable hash of its id, the same on any machine.

    >>> shard_of("article-1", 4) == shard_of("article-1", 4)
    True
    """
    return int.from_bytes(hashlib.sha1(str(doc_id).encode("utf-8")).digest()[:8], "big") % n


class QuoteReader(CorpusReader):
    """Quote records (``text`` or ``quote`` required) from a JSONL / CSV / Parquet file; a record
    without text raises ``CorpusError`` naming its line, or with ``on_error="skip"`` is counted."""

    def _rows(self, source) -> Iterator[dict]:
        for where, rec, err in source:
            if err:
                self._bad(f"{where}: {err}")
                continue
            text = rec.get("text", rec.get("quote"))
            if not isinstance(text, str) or not text.strip():
                self._bad(f"{where}: quote record without text (a non-empty 'text' field)")
                continue
            yield rec

    def _folder(self):
        raise CorpusError(
            f"{self.path}: input_quotes takes a JSONL, CSV or Parquet file, not a folder"
        )


@dataclass
class ScoreResult:
    output: Path
    documents: int = 0  # input items (articles, or quote records) done, resumed ones included
    quotes: int = 0  # records written, resumed ones included
    skipped: int = 0
    resumed: int = 0  # items found done by an earlier, interrupted run
    seconds: float = 0.0
    files: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the first skipped records, with where

    def summary(self, what: str = "documents") -> str:
        resumed = f"  resumed after {self.resumed}" if self.resumed else ""
        return (
            f"{what} {self.documents}  quotes {self.quotes}  skipped {self.skipped}{resumed}  "
            f"seconds {self.seconds:.1f}  -> {', '.join(map(str, self.files))}"
        )


# -- the output file and its progress sidecar ------------------------------------------------------
def progress_path(output) -> Path:
    output = Path(output)
    return output.with_name(output.name + ".progress.json")


def _is_jsonl(path: Path) -> bool:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    return bool(suffixes) and suffixes[-1] in (".jsonl", ".json", ".ndjson")


def _work_path(output: Path) -> Path:
    """Where records are appended: the output itself when it is JSONL, else a hidden sibling."""
    return output if _is_jsonl(output) else output.with_name(f".{output.name}.jsonl")


def _write_json(path: Path, obj: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class _Journal:
    """Append-only JSONL output with a committed size and item count in the sidecar."""

    def __init__(self, output: Path, job: dict):
        self.output, self.work, self.side = output, _work_path(output), progress_path(output)
        self.gz = self.work.suffix.lower() == ".gz"
        self.state = {"job": job, "documents": 0, "records": 0, "bytes": 0, "complete": False}
        if self.side.is_file():
            old = json.loads(self.side.read_text(encoding="utf-8"))
            if old.get("job") != job:
                raise ValueError(
                    f"{output}: its progress file {self.side.name} belongs to another job "
                    f"({_diff(old.get('job') or {}, job)}); delete both or choose another output"
                )
            size = self.work.stat().st_size if self.work.is_file() else -1
            if old.get("complete") and output.is_file() or size >= old.get("bytes", 0):
                self.state = old
        output.parent.mkdir(parents=True, exist_ok=True)
        if not self.state["complete"]:
            _write_json(self.side, self.state)
            with open(self.work, "ab") as f:  # drop whatever came after the last commit
                f.truncate(self.state["bytes"])

    def commit(self, records: list[dict], items: int) -> None:
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
        if self.gz and data:
            data = gzip.compress(data, mtime=0)  # one gzip member per chunk: truncatable
        with open(self.work, "ab") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        self.state.update(
            documents=self.state["documents"] + items,
            bytes=self.state["bytes"] + len(data),
            records=self.state["records"] + len(records),
        )
        _write_json(self.side, self.state)

    def finish(self, labels: Sequence[str]) -> list[Path]:
        if not self.state["complete"]:
            if self.work != self.output:
                write_table(self.output, lambda: read_records(self.work))
            write_speakers(speakers_path(self.output), read_records(self.work), labels)
            self.state["complete"] = True
            _write_json(self.side, self.state)
            if self.work != self.output:
                self.work.unlink(missing_ok=True)
        return [self.output, speakers_path(self.output)]


def _diff(old: dict, new: dict) -> str:
    keys = [k for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)]
    return "; ".join(f"{k}: {old.get(k)!r} then, {new.get(k)!r} now" for k in keys[:3])


# -- scoring ---------------------------------------------------------------------------------------
def _bar(progress: bool, initial: int, unit: str):
    import sys

    from tqdm.auto import tqdm

    tty = sys.stderr.isatty()  # in a log file, a line every 30 s rather than a stream of updates
    return tqdm(
        initial=initial,
        unit=unit,
        disable=not progress,
        dynamic_ncols=True,
        smoothing=0.1,
        mininterval=0.1 if tty else 30.0,
    )


def _run(
    journal: _Journal, batches: Iterator[tuple[list[dict], int]], progress: bool, unit: str
) -> tuple[int, int]:
    """Commit each ``(records, items)`` batch; show items/s and quotes/s."""
    t0, n_quotes = time.perf_counter(), 0
    with _bar(progress, journal.state["documents"], unit) as bar:
        for records, items in batches:
            journal.commit(records, items)
            n_quotes += len(records)
            bar.update(items)
            bar.set_postfix_str(f"{n_quotes / max(time.perf_counter() - t0, 1e-9):.1f} quotes/s")
    return journal.state["documents"], journal.state["records"]


def _describe(job: dict | None, kind: str, pipeline: StancePipeline, shard) -> dict:
    """What a progress file must match to be resumed: the caller's job plus the scoring settings."""
    return {
        **(job or {}),
        "kind": kind,
        "model": pipeline.model_id,
        "target": pipeline.target,
        "context": pipeline.context,
        "shard": f"{shard[0]}/{shard[1]}" if shard else None,
    }


def score_corpus(
    pipeline: StancePipeline,
    docs: Iterable[tuple[str, str]],
    output,
    job: dict | None = None,
    shard: tuple[int, int] | None = None,
    progress: bool = False,
) -> ScoreResult:
    """Score an iterable of ``(doc_id, text)`` into ``output``, resuming an interrupted run.

    ``job`` describes the run (input, settings); a progress file written under another job is
    an error rather than a silent mix. ``docs.skipped`` (a :class:`CorpusReader`) is reported.
    """
    t0, output = time.perf_counter(), Path(output)
    journal = _Journal(output, _describe(job, "documents", pipeline, shard))
    done = journal.state["documents"]
    if not journal.state["complete"]:
        stream = iter(docs)
        if shard:
            stream = (d for d in stream if shard_of(d[0], shard[1]) == shard[0])
        stream = islice(stream, done, None)
        batches = (
            ([r for _, recs in chunk for r in recs], len(chunk))
            for chunk in pipeline.predict_chunks(stream)
        )
        _run(journal, batches, progress, "art")
    return _result(journal, docs, done, t0, pipeline.labels)


def score_quotes(
    pipeline: StancePipeline,
    records: Iterable[dict],
    output,
    job: dict | None = None,
    shard: tuple[int, int] | None = None,
    chunk: int = 1024,
    progress: bool = False,
) -> ScoreResult:
    """Score pre-extracted quote records (no extraction) into ``output``, resumably; a shard
    keeps the quotes of its documents (by ``doc_id``, else by position in the file)."""
    t0, output = time.perf_counter(), Path(output)
    journal = _Journal(output, _describe(job, "quotes", pipeline, shard))
    done = journal.state["documents"]
    if not journal.state["complete"]:
        stream = iter(records)
        if shard:
            stream = (
                r
                for k, r in enumerate(stream)
                if shard_of(r.get("doc_id") or f"#{k}", shard[1]) == shard[0]
            )
        stream = islice(stream, done, None)
        _run(
            journal,
            ((pipeline.classify(b), len(b)) for b in chunks(stream, chunk)),
            progress,
            "quote",
        )
    return _result(journal, records, done, t0, pipeline.labels)


def _result(journal: _Journal, source, done: int, t0: float, labels) -> ScoreResult:
    files = journal.finish(labels)
    st = journal.state
    return ScoreResult(
        journal.output,
        st["documents"],
        st["records"],
        getattr(source, "skipped", 0),
        done,
        time.perf_counter() - t0,
        files,
        list(getattr(source, "errors", [])),
    )


# -- merging shards --------------------------------------------------------------------------------
def merge_parts(parts: Sequence, output, labels: Sequence[str] | None = None) -> ScoreResult:
    """Concatenate the outputs of ``shard=0/n`` .. ``shard=n-1/n`` into ``output``.

    Every part must be complete (its progress file says so), come from the same job (input,
    model, settings) and the parts must be exactly the ``n`` shards once each, with no document
    in two parts; otherwise ``ValueError`` says which part is wrong.
    """
    from negostance import LABELS

    t0, output = time.perf_counter(), Path(output)
    parts = sorted({Path(p) for p in parts})
    if not parts:
        raise ValueError("merge: no part files given (merge=<glob> or merge=[a.jsonl,b.jsonl])")
    if output.resolve() in {p.resolve() for p in parts}:
        raise ValueError(f"merge: the output {output} is one of the parts")
    jobs = [_part_state(p) for p in parts]
    common = _portable(jobs[0]["job"])
    for p, st in zip(parts, jobs, strict=True):
        if _portable(st["job"]) != common:
            raise ValueError(
                f"merge: {p} comes from another job than {parts[0]} "
                f"({_diff(jobs[0]['job'], st['job'])})"
            )
    _check_cover(parts, [st["job"].get("shard") for st in jobs])
    side = progress_path(output)
    side.unlink(missing_ok=True)
    journal = _Journal(output, {**common, "shard": None, "merged_from": [str(p) for p in parts]})
    owner: dict = {}
    for p, st in zip(parts, jobs, strict=True):
        n = 0
        for batch in chunks(read_records(p), 4096):
            for r in batch:
                first = owner.setdefault(r.get("doc_id"), p)
                if first != p and r.get("doc_id") is not None:
                    raise ValueError(f"merge: document {r['doc_id']!r} is in both {first} and {p}")
            n += len(batch)
            journal.commit(batch, 0)
        if n != st["records"]:
            raise ValueError(
                f"merge: {p} holds {n} records, its progress file says {st['records']}"
            )
        journal.state["documents"] += st["documents"]
    files = journal.finish(labels or LABELS)
    st = journal.state
    return ScoreResult(
        output, st["documents"], st["records"], 0, 0, time.perf_counter() - t0, files
    )


def _portable(job: dict) -> dict:
    """A part's job without its shard, its input named by file name only: machines of a job
    array may mount the corpus at different paths."""
    out = {k: v for k, v in job.items() if k != "shard"}
    if out.get("input"):
        out["input"] = Path(out["input"]).name
    return out


def _part_state(part: Path) -> dict:
    if not part.is_file():
        raise ValueError(f"merge: {part}: no such file")
    side = progress_path(part)
    if not side.is_file():
        raise ValueError(
            f"merge: {part} has no progress file {side.name}; was it written by negostance-score?"
        )
    st = json.loads(side.read_text(encoding="utf-8"))
    if not st.get("complete"):
        raise ValueError(
            f"merge: {part} is not complete ({st.get('documents')} documents so far); "
            "rerun its negostance-score command to finish it"
        )
    return st


def _check_cover(parts: list[Path], shards: list[str | None]) -> None:
    if shards == [None]:
        return
    if None in shards:
        raise ValueError(
            f"merge: {parts[shards.index(None)]} is not a shard (scored without shard=)"
        )
    pairs = [parse_shard(s) for s in shards]
    n = pairs[0][1]
    seen: dict[int, Path] = {}
    for p, (i, m) in zip(parts, pairs, strict=True):
        if m != n:
            raise ValueError(f"merge: {p} is shard {i}/{m}, {parts[0]} is one of {n}")
        if i in seen:
            raise ValueError(f"merge: {seen[i]} and {p} are both shard {i}/{n}")
        seen[i] = p
    missing = sorted(set(range(n)) - set(seen))
    if missing:
        raise ValueError(f"merge: shard {', '.join(f'{i}/{n}' for i in missing)} is missing")
