"""Loaders for the tweet and comment stance benchmarks: SemEval-2016 Task 6 (A and B), P-Stance,
COVID-19 stance, Russia-Ukraine war tweets (RUW) and VAST. See ``negostance.data.public``.

Splits where a dataset lacks one:

- SemEval-2016 has no validation split: a seeded ``validation_share`` (15 %) of the training
  tweets (training + trial files) is carved out. Task B (unseen target Donald Trump) trains on
  task A's five targets and tests on the Trump tweets; its own unlabelled training tweets are not
  part of the folder.
- VAST: only validation and the zero-shot test are here (the 13,477-row training split is not),
  so ``train`` is empty: use VAST as an evaluation source (``data=mix`` cross-dataset).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from negostance.data.public import (
    RAW_SPLITS,
    SPLITS,
    cached,
    carve,
    example,
    map_label,
    read_csv,
    read_onecol,
    require_dir,
)
from negostance.data.schema import DataError
from negostance.data.tweet_text import preprocessor

SEMEVAL_FILES = {
    "train": "trainingdata-all-annotations.txt",
    "trial": "trialdata-all-annotations.txt",
    "A": "testdata-taskA-all-annotations.txt",
    "B": "testdata-taskB-all-annotations.txt",
}


def _read_semeval(path: Path, encoding: str) -> list[dict]:
    # Tab-separated without quoting: tweets hold unbalanced double quotes.
    lines = path.read_bytes().decode(encoding).splitlines()
    header = lines[0].split("\t")
    rows = []
    for n, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            raise DataError(
                f"{path}:{n}: {len(cells)} tab-separated fields, expected {len(header)}"
            )
        rows.append(dict(zip(header, cells, strict=True)))
    return rows


def load_semeval(
    data_dir: str | os.PathLike,
    task: str = "A",
    include_trial: bool = True,
    validation_share: float = 0.15,
    split_seed: int = 0,
    encoding: str = "latin-1",
    preprocess: str | None = None,
    cache_dir=None,
) -> dict[str, list[dict]]:
    """SemEval-2016 Task 6 stance in tweets. ``task="A"``: five targets, the shared task's test
    set (report ``test/f_avg``). ``task="B"``: the same training tweets, tested on the unseen
    target Donald Trump. The files are latin-1. ``preprocess="tweet"`` normalises the tweets
    (``negostance.data.tweet_text``: no ``#SemST``, hashtags as words, ``@user``)."""
    task = str(task).upper()
    if task not in ("A", "B"):
        raise DataError(f"semeval2016_task6: task must be 'A' or 'B', got {task!r}")
    try:
        clean = preprocessor(preprocess)
    except ValueError as e:
        raise DataError(f"semeval2016_task6: {e}") from None
    names = [SEMEVAL_FILES["train"], SEMEVAL_FILES[task]] + (
        [SEMEVAL_FILES["trial"]] if include_trial else []
    )
    root = require_dir(data_dir, "semeval2016_task6", names)
    source = f"semeval_{task.lower()}"
    options = {
        "task": task,
        "include_trial": include_trial,
        "share": validation_share,
        "seed": split_seed,
        "encoding": encoding,
        "preprocess": preprocess,
    }

    def rows(name):
        path = root / name
        return [
            example(
                source,
                r["ID"],
                r["Target"],
                clean(r["Tweet"]),
                map_label(r["Stance"], where=f"{path}:{r['ID']}"),
            )
            for r in _read_semeval(path, encoding)
        ]

    def build():
        train = rows(SEMEVAL_FILES["train"]) + (
            rows(SEMEVAL_FILES["trial"]) if include_trial else []
        )
        train, validation = carve(train, validation_share, split_seed)
        return {"train": train, "validation": validation, "test": rows(SEMEVAL_FILES[task])}

    return cached(source, options, [root / n for n in names], build, cache_dir)


def load_covid19(data_dir: str | os.PathLike, cache_dir=None) -> dict[str, list[dict]]:
    """COVID-19 stance (face masks, Fauci, school closures, stay-at-home orders); its own splits."""
    files = {s: f"raw_{r}_all_onecol.csv" for s, r in RAW_SPLITS.items()}
    root = require_dir(data_dir, "covid19_stance", list(files.values()))
    return cached(
        "covid19",
        {},
        [root / f for f in files.values()],
        lambda: {s: read_onecol(root / f, "covid19", s) for s, f in files.items()},
        cache_dir,
    )


def load_pstance(
    data_dir: str | os.PathLike,
    targets: Sequence[str] = ("trump", "biden", "bernie"),
    cache_dir=None,
) -> dict[str, list[dict]]:
    """P-Stance (Trump, Biden, Sanders), the unified setting over ``targets``; favor/against only."""
    targets = list(targets)
    files = {(s, t): f"raw_{r}_{t}.csv" for s, r in RAW_SPLITS.items() for t in targets}
    root = require_dir(data_dir, "pstance", list(files.values()))

    def build():
        out = {s: [] for s in SPLITS}
        for (split, t), name in files.items():
            for n, r in enumerate(read_csv(root / name), 2):
                out[split].append(
                    example(
                        "pstance",
                        f"{t}-{split}-{n}",
                        r["Target"],
                        r["Tweet"],
                        map_label(r["Stance"], where=f"{root / name}:{n}"),
                    )
                )
        return out

    return cached(
        "pstance", {"targets": targets}, [root / f for f in files.values()], build, cache_dir
    )


def load_ruw(
    data_dir: str | os.PathLike, encoding: str = "gb18030", cache_dir=None
) -> dict[str, list[dict]]:
    """Russia-Ukraine war tweets: each tweet is labelled toward two targets (Russia, Ukraine) and
    becomes one example per target, sharing a ``doc_id``. The files are GBK/GB18030-encoded
    (the ellipsis is the bytes A1 AD), not UTF-8."""
    files = {s: f"raw_{r}_Russia_Ukraine.csv" for s, r in RAW_SPLITS.items()}
    root = require_dir(data_dir, "ruw_russia_ukraine", list(files.values()))

    def build():
        out = {s: [] for s in SPLITS}
        for split, name in files.items():
            for n, r in enumerate(read_csv(root / name, encoding=encoding), 2):
                for k in ("1", "2"):
                    target = r[f"Target {k}"]
                    out[split].append(
                        example(
                            "ruw",
                            f"{split}-{n}-{target.lower()}",
                            target,
                            r["Tweet"],
                            map_label(r[f"Stance {k}"], where=f"{root / name}:{n}"),
                            doc_id=f"{split}-{n}",
                        )
                    )
        return out

    return cached(
        "ruw", {"encoding": encoding}, [root / f for f in files.values()], build, cache_dir
    )


def _doc(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def load_vast(
    data_dir: str | os.PathLike,
    context_field: str | None = None,
    sentswap: bool = False,
    cache_dir=None,
) -> dict[str, list[dict]]:
    """VAST: validation (zero- and few-shot topics) and the zero-shot test; **no train split**
    here (``train`` is empty). ``context_field="Wiki"`` puts the added gloss into ``context``
    (off by default: it summarises the comment itself). ``sentswap=True`` tests on
    ``vast_test-sentswap.csv`` (sentiment-swapped comments, original columns) instead."""
    names = [
        "raw_val_all_onecol.csv",
        "vast_test-sentswap.csv" if sentswap else "raw_test_all_onecol.csv",
    ]
    root = require_dir(data_dir, "vast", names)

    def rows(name, split):
        out = []
        for n, r in enumerate(read_csv(root / name), 2):
            if sentswap and split == "test":
                text, target, label = (
                    r["post"],
                    r["topic_str"],
                    {"0": "against", "1": "favor", "2": "none"}.get(r["label"]),
                )
                if label is None:
                    raise DataError(f"{root / name}:{n}: label {r['label']!r} is not 0, 1 or 2")
            else:
                text, target, label = (
                    r["Tweet"],
                    r["Target 1"],
                    map_label(r["Stance 1"], where=f"{root / name}:{n}"),
                )
            ctx = r.get(context_field, "") if context_field else ""
            out.append(
                example("vast", f"{split}-{n}", target, text, label, doc_id=_doc(text), context=ctx)
            )
        return out

    return cached(
        "vast",
        {"context_field": context_field, "sentswap": sentswap},
        [root / n for n in names],
        lambda: {
            "train": [],
            "validation": rows(names[0], "validation"),
            "test": rows(names[1], "test"),
        },
        cache_dir,
    )


LOADERS = {
    "semeval_a": lambda data_dir, **kw: load_semeval(data_dir, task="A", **kw),
    "semeval_b": lambda data_dir, **kw: load_semeval(data_dir, task="B", **kw),
    "pstance": load_pstance,
    "covid19": load_covid19,
    "ruw": load_ruw,
    "vast": load_vast,
}

#: Folder names under ``shared/data`` of each source.
FOLDERS = {
    "semeval_a": "semeval2016_task6",
    "semeval_b": "semeval2016_task6",
    "pstance": "pstance",
    "covid19": "covid19_stance",
    "ruw": "ruw_russia_ukraine",
    "vast": "vast",
}
