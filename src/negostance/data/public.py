"""Public stance benchmarks as canonical examples: the pieces every loader shares, the registry of
loaders, and a generic JSONL/CSV loader with configurable field names.

Every loader takes the dataset's folder (``data_dir``) and returns ``{"train", "validation",
"test"}`` lists of canonical example dicts (``negostance.data.schema.COLUMNS``), labels mapped
onto ``favor`` / ``against`` / ``none``. Ids are prefixed with the source name
(``semeval_a-101``), so that predictions of a mixture can be split by source. The processed
splits are cached with the ``datasets`` library (Arrow files under ``cache_dir``), keyed by the
loader, its options and the raw files' sizes and modification times; nothing goes to the network.

The dataset-specific loaders live in ``public_tweets`` (SemEval-2016, P-Stance, COVID-19,
Russia-Ukraine, VAST) and ``public_ibm`` (IBM claim stance, IBM ArgQ-30k).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import os
import random
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from negostance import LABELS
from negostance.data.schema import COLUMNS, DataError, check_labels

SPLITS = ("train", "validation", "test")
#: File-name part of each split in the datasets that ship ``raw_<split>_....csv`` files.
RAW_SPLITS = {"train": "train", "validation": "val", "test": "test"}
CACHE_VERSION = 2

#: Where each dataset comes from: named in the error when its folder is missing.
SOURCES = {
    "vast": "VAST, Allaway & McKeown 2020 (github.com/emilyallaway/zero-shot-stance)",
    "semeval2016_task6": "SemEval-2016 Task 6, Mohammad et al. 2016 (saifmohammad.com/WebPages/StanceDataset.htm)",
    "pstance": "P-Stance, Li et al. 2021 (github.com/chuchun8/PStance)",
    "covid19_stance": "COVID-19 stance, Glandt et al. 2021 (github.com/kglandt/stance-detection-in-covid-19-tweets)",
    "ruw_russia_ukraine": "RUW Russia-Ukraine war tweets (multi-target stance, research use)",
    "ibm_claim_stance": "IBM Debater Claim Stance Dataset, Bar-Haim et al. 2017 (research.ibm.com/haifa/dept/vst/debating_data.shtml)",
    "ibm_argq30k_stance": "IBM ArgQ-Rank-30k, Gretz et al. 2020 (research.ibm.com/haifa/dept/vst/debating_data.shtml)",
}

#: Raw label strings of the public datasets, lower-cased, onto the package's labels.
LABEL_MAP = {
    "favor": "favor",
    "favour": "favor",
    "pro": "favor",
    "support": "favor",
    "1": "favor",
    "against": "against",
    "con": "against",
    "oppose": "against",
    "0": "against",
    "none": "none",
    "neutral": "none",
    "neither": "none",
    "2": "none",
}


def require_dir(data_dir: str | os.PathLike, dataset: str, files: Sequence[str] = ()) -> Path:
    """The dataset folder, or ``DataError`` naming the expected path and where the data comes from."""
    path = Path(data_dir).expanduser()
    where = SOURCES.get(dataset, dataset)
    if not path.is_dir():
        raise DataError(
            f"{dataset}: data folder {path} does not exist; get the dataset from "
            f"{where} and set data.data_dir= (data=mix: data.data_root=)"
        )
    for name in files:
        if not (path / name).is_file():
            raise DataError(f"{dataset}: {path / name} is missing (dataset: {where})")
    return path


def map_label(raw, label_map: Mapping[str, str] | None = None, where: str = "") -> str:
    """A raw label as one of ``LABELS``.

    >>> map_label("FAVOR"), map_label(" con "), map_label("NONE")
    ('favor', 'against', 'none')
    """
    table = {str(k).lower(): v for k, v in (label_map or LABEL_MAP).items()}
    key = str(raw).strip().lower()
    if key not in table or table[key] not in LABELS:
        raise DataError(f"{where}: label {raw!r} has no mapping onto {LABELS}")
    return table[key]


def example(
    source: str,
    rid,
    target: str,
    text: str,
    label: str,
    doc_id=None,
    speaker: str = "",
    context: str = "",
) -> dict:
    """One canonical example; ids and doc ids carry the source name."""
    rid = f"{source}-{rid}"
    return {
        "id": rid,
        "doc_id": f"{source}-{doc_id}" if doc_id is not None else rid,
        "target": str(target).strip(),
        "text": str(text).strip(),
        "speaker": speaker or "",
        "context": context or "",
        "label": label,
        "source": source,
    }


def read_csv(path: Path, encoding: str = "utf-8", delimiter: str = ",") -> list[dict]:
    """Rows of a CSV (or TSV) file as dicts of strings, with a header row."""
    csv.field_size_limit(2**31 - 1)
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.DictReader(f, delimiter=delimiter))


def read_onecol(path: Path, source: str, split: str, encoding: str = "utf-8") -> list[dict]:
    """Rows of the ``Tweet, Target 1, Stance 1, ...`` CSV layout shared by several datasets."""
    out = []
    for n, r in enumerate(read_csv(path, encoding=encoding), 2):
        for col in ("Tweet", "Target 1", "Stance 1"):
            if col not in r:
                raise DataError(f"{path}: no column {col!r} (columns: {list(r)})")
        out.append(
            example(
                source,
                f"{split}-{n}",
                r["Target 1"],
                r["Tweet"],
                map_label(r["Stance 1"], where=f"{path}:{n}"),
            )
        )
    return out


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise DataError(f"{path}:{n}: not JSON ({e.msg})") from None
    return rows


def carve(examples: list[dict], share: float, seed: int, group: str | None = None):
    """Split off a seeded ``share`` of ``examples`` (whole groups when ``group`` names a field):
    returns ``(rest, carved)``; used where a dataset has no validation split.

    >>> rest, val = carve([{"id": i} for i in range(10)], 0.2, seed=0)
    >>> len(rest), len(val)
    (8, 2)
    """
    keys = sorted({ex[group] for ex in examples}) if group else list(range(len(examples)))
    rng = random.Random(seed)
    rng.shuffle(keys)
    n = round(len(keys) * share)
    chosen = set(keys[:n])
    rest, carved = [], []
    for i, ex in enumerate(examples):
        (carved if (ex[group] if group else i) in chosen else rest).append(ex)
    return rest, carved


# -- caching ---------------------------------------------------------------------------------
def _fingerprint(name: str, options: Mapping, files: Sequence[Path]) -> str:
    stats = [(str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
    blob = json.dumps([CACHE_VERSION, name, dict(options), stats], sort_keys=True, default=str)
    return hashlib.sha1(blob.encode()).hexdigest()[:16]


def _cache_root(cache_dir) -> Path | None:
    if cache_dir:
        return Path(cache_dir).expanduser()
    env = os.environ.get("HF_DATASETS_CACHE")
    return Path(env) / "negostance" if env else None


def cached(
    name: str, options: Mapping, files: Sequence[Path], build: Callable[[], dict], cache_dir=None
) -> dict[str, list[dict]]:
    """``build()``'s splits, through a ``datasets`` cache: built once, then read from Arrow files.

    ``cache_dir=None`` uses ``$HF_DATASETS_CACHE/negostance`` when that is set, else no cache.
    """
    import datasets

    root = _cache_root(cache_dir)
    target = root / f"{name}-{_fingerprint(name, options, files)}" if root else None
    features = datasets.Features({c: datasets.Value("string") for c in COLUMNS})
    datasets.disable_progress_bars()
    if target is not None and (target / "dataset_dict.json").is_file():
        dd = datasets.load_from_disk(str(target))
        return {s: dd[s].to_list() if s in dd else [] for s in SPLITS}
    splits = build()
    for s in SPLITS:
        check_labels(splits[s], LABELS, where=f"{name} {s}")
    if target is None:
        return splits
    # an empty split is left out: datasets cannot read an empty Arrow table back
    dd = datasets.DatasetDict(
        {
            s: datasets.Dataset.from_dict(
                {c: [ex[c] for ex in splits[s]] for c in COLUMNS}, features=features
            )
            for s in SPLITS
            if splits[s]
        }
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        dd.save_to_disk(str(tmp))
        with contextlib.suppress(OSError):  # another process wrote the same cache entry first
            os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return splits


# -- generic loader --------------------------------------------------------------------------
def _read_any(path: Path, encoding: str) -> list[dict]:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return read_jsonl(path)
    if suffix in (".csv", ".tsv"):
        return read_csv(path, encoding=encoding, delimiter="\t" if suffix == ".tsv" else ",")
    raise DataError(f"{path}: unknown format {suffix!r}; use .jsonl, .csv or .tsv")


def load_generic(
    data_dir: str | os.PathLike,
    files: Mapping[str, str | None],
    text_field: str = "text",
    label_field: str = "label",
    target_field: str | None = "target",
    target: str | None = None,
    id_field: str | None = None,
    speaker_field: str | None = None,
    context_field: str | None = None,
    label_map: Mapping[str, str] | None = None,
    source: str = "generic",
    encoding: str = "utf-8",
    validation_share: float = 0.1,
    split_seed: int = 0,
    cache_dir=None,
) -> dict[str, list[dict]]:
    """Any JSONL/CSV/TSV stance data: ``files`` maps train/validation/test to file names under
    ``data_dir``; field names say which columns hold what; ``target`` is a fixed target for files
    without a target column. A missing validation file is carved out of train
    (``validation_share``, seeded); a missing train file leaves train empty (evaluation only).
    """
    root = Path(data_dir).expanduser()
    if not root.is_dir():
        raise DataError(f"{source}: data folder {root} does not exist (set data.data_dir=)")
    paths = {s: root / f for s, f in files.items() if f}
    unknown = set(paths) - set(SPLITS)
    if unknown or "test" not in paths:
        raise DataError(
            f"{source}: data.files needs a test file and only keys {SPLITS}, got {dict(files)}"
        )
    for p in paths.values():
        if not p.is_file():
            raise DataError(f"{source}: {p} does not exist")
    options = {
        k: v for k, v in locals().items() if k not in ("data_dir", "root", "paths", "cache_dir")
    }

    def build():
        out = {s: [] for s in SPLITS}
        for split, path in paths.items():
            for n, row in enumerate(_read_any(path, encoding), 1):
                where = f"{path}:{n}"
                tgt = row.get(target_field) if target_field else None
                tgt = tgt if tgt not in (None, "") else target
                if not tgt:
                    raise DataError(f"{where}: no target (set data.target_field= or data.target=)")
                if row.get(text_field) in (None, ""):
                    raise DataError(f"{where}: empty or missing text field {text_field!r}")
                out[split].append(
                    example(
                        source,
                        row.get(id_field) if id_field else f"{split}-{n}",
                        tgt,
                        row[text_field],
                        map_label(row.get(label_field), label_map, where),
                        speaker=str(row.get(speaker_field) or "") if speaker_field else "",
                        context=str(row.get(context_field) or "") if context_field else "",
                    )
                )
        if "validation" not in paths and out["train"]:
            out["train"], out["validation"] = carve(out["train"], validation_share, split_seed)
        return out

    return cached(source, options, list(paths.values()), build, cache_dir)


def loaders() -> dict[str, Callable[..., dict]]:
    """Source name -> loader function, for ``data=mix`` (imported here, not at import time)."""
    from negostance.data import public_ibm, public_tweets

    return {**public_tweets.LOADERS, **public_ibm.LOADERS}
