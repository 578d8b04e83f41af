"""Scored-record files: read them back in any format, write tables and the per-speaker summary.

CSV and Parquet tables are written in two streaming passes over the records (columns and types,
then rows in blocks), through a temporary file renamed into place, so memory stays flat and a
reader never sees half a file. ``scores`` become ``score_<label>`` columns there.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

UNATTRIBUTED = "(unattributed)"
_FLAT = {"scores": "score_", "scores_uncalibrated": "score_uncalibrated_"}


def read_records(path) -> Iterator[dict]:
    """Records of a JSONL (optionally .gz, several gzip members allowed), CSV or Parquet file."""
    path = Path(path)
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    fmt = suffixes[-1] if suffixes else ""
    if fmt == ".parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=4096):
            yield from batch.to_pylist()
        return
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="" if fmt == ".csv" else None) as f:
        if fmt == ".csv":
            yield from csv.DictReader(f)
        else:
            for line in f:
                if line.strip():
                    yield json.loads(line)


def flatten(record: dict) -> dict:
    """One scalar per column: score dicts spread into ``score_<label>``, other nested values JSON.

    >>> flatten({"label": "none", "scores": {"favor": 0.5, "none": 0.5}, "x": [1]})
    {'label': 'none', 'score_favor': 0.5, 'score_none': 0.5, 'x': '[1]'}
    """
    out = {}
    for k, v in record.items():
        if k in _FLAT and isinstance(v, dict):
            out.update({f"{_FLAT[k]}{lab}": p for lab, p in v.items()})
        elif isinstance(v, (dict, list)):
            out[k] = json.dumps(v, ensure_ascii=False)
        else:
            out[k] = v
    return out


def _columns(records: Iterable[dict]) -> dict[str, set[type]]:
    cols: dict[str, set[type]] = {}
    for r in records:
        for k, v in flatten(r).items():
            cols.setdefault(k, set()).add(type(v))
    return cols


def _arrow_type(types: set[type]):
    import pyarrow as pa

    types = types - {type(None)}
    if types and types <= {bool}:
        return pa.bool_()
    if types and types <= {int}:
        return pa.int64()
    if types and types <= {int, float}:
        return pa.float64()
    return pa.string()


def _cell(v, string: bool):
    if v is None or not string or isinstance(v, str):
        return v
    return json.dumps(v) if isinstance(v, bool) else str(v)


def _atomic(path: Path, write: Callable[[str], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; give it the usual mode
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_table(path, source: Callable[[], Iterable[dict]], block: int = 8192) -> None:
    """Write the records ``source()`` yields as CSV (optionally .gz) or Parquet, by suffix."""
    path = Path(path)
    cols = _columns(source())
    names = list(cols)
    if path.suffix.lower() == ".parquet" or path.suffixes[-2:-1] == [".parquet"]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(c, _arrow_type(cols[c])) for c in names])
        strings = {c for c in names if schema.field(c).type == pa.string()}

        def write(tmp: str) -> None:
            with pq.ParquetWriter(tmp, schema) as w:
                for rows in _blocks(source(), block):
                    data = {c: [_cell(r.get(c), c in strings) for r in rows] for c in names}
                    w.write_table(pa.table(data, schema=schema))
    else:

        def write(tmp: str) -> None:
            opener = gzip.open if path.suffix.lower() == ".gz" else open
            with opener(tmp, "wt", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, fieldnames=names)
                w.writeheader()
                for rows in _blocks(source(), block):
                    w.writerows(rows)

    _atomic(path, write)


def _blocks(records: Iterable[dict], size: int) -> Iterator[list[dict]]:
    rows = []
    for r in records:
        rows.append(flatten(r))
        if len(rows) >= size:
            yield rows
            rows = []
    if rows:
        yield rows


def speakers_path(output) -> Path:
    """``<dir>/<stem>.speakers.csv`` for ``<dir>/<stem>.jsonl[.gz]`` (or .csv, .parquet).

    >>> speakers_path("out/scores.jsonl.gz").as_posix()
    'out/scores.speakers.csv'
    """
    output = Path(output)
    name = output.name[:-3] if output.name.lower().endswith(".gz") else output.name
    return output.with_name(f"{Path(name).stem}.speakers.csv")


def speaker_summary(records: Iterable[dict], labels: Sequence[str]) -> list[dict]:
    """Per speaker: number of quotes, and count and share of each label; most quoted first, quotes
    without a speaker (``(unattributed)``) after the named speakers with as many.

    >>> speaker_summary([{"speaker": "A", "label": "favor"}, {"speaker": None, "label": "none"}],
    ...                 ["favor", "none"])[0]
    {'speaker': 'A', 'quotes': 1, 'n_favor': 1, 'n_none': 0, 'share_favor': 1.0, 'share_none': 0.0}
    """
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in records:
        counts[r.get("speaker") or UNATTRIBUTED][r.get("label")] += 1
    rows = []
    for speaker, c in counts.items():
        total = sum(c.values())
        rows.append(
            {
                "speaker": speaker,
                "quotes": total,
                **{f"n_{lab}": c[lab] for lab in labels},
                **{f"share_{lab}": round(c[lab] / total, 6) for lab in labels},
            }
        )
    return sorted(rows, key=lambda r: (-r["quotes"], r["speaker"] == UNATTRIBUTED, r["speaker"]))


def write_speakers(path, records: Iterable[dict], labels: Sequence[str]) -> Path:
    """Write :func:`speaker_summary` as CSV, atomically."""
    path = Path(path)
    rows = speaker_summary(records, labels)
    fields = ["speaker", "quotes", *(f"n_{x}" for x in labels), *(f"share_{x}" for x in labels)]

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields)
            w.writeheader()
            w.writerows(rows)

    _atomic(path, write)
    return path
