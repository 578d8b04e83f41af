"""Loaders for IBM Debater's argument stance data: claim stance (claims toward debate motions)
and ArgQ-Rank-30k (crowd-written arguments toward motions). See ``negostance.data.public``.

Both are favor/against only. The motion (``This house would ...``) is the target. Claim stance
has train and test topics but no validation split: a seeded share of the *training motions*
(``validation_share``, whole motions) becomes validation, so that validation, like test, asks
about motions the model has not seen.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from negostance.data.public import (
    RAW_SPLITS,
    cached,
    carve,
    example,
    map_label,
    read_onecol,
    require_dir,
)
from negostance.data.schema import DataError

CLAIM_FILE = "claim_stance_dataset_v1.csv"


def read_resaved_csv(path: Path, encoding: str = "utf-8") -> list[dict]:
    '''Rows of a comma CSV that a spreadsheet re-saved as a semicolon CSV with one column: each
    line is one ``;``-separated record whose first field holds the original line (quotes doubled)
    and whose other fields are padding (``;;;;``), except where the original line held ``;``, which
    the spreadsheet took as separators. Reading the semicolon layout and joining its fields
    with ``;`` restores the original line; the original lines are then read as CSV.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = p.write_text('"a,""b""";;\\n"1,""x";" y""";\\n')
    >>> read_resaved_csv(p)
    [{'a': '1', 'b': 'x; y'}]
    '''
    with open(path, encoding=encoding, newline="") as f:
        outer = list(csv.reader(f, delimiter=";"))
    lines = []
    for fields in outer:
        while fields and fields[-1] == "":
            fields = fields[:-1]
        if fields:
            lines.append(";".join(fields))
    csv.field_size_limit(2**31 - 1)
    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    header = rows[0]
    out = []
    for n, row in enumerate(rows[1:], 2):
        if len(row) != len(header):
            raise DataError(
                f"{path}: record {n} has {len(row)} fields after unwrapping, expected {len(header)}"
            )
        out.append(dict(zip(header, row, strict=True)))
    return out


def load_ibm_claim_stance(
    data_dir: str | os.PathLike,
    target_field: str = "topicText",
    validation_share: float = 0.15,
    split_seed: int = 0,
    cache_dir=None,
) -> dict[str, list[dict]]:
    """IBM claim stance: 2,394 claims toward 55 motions (25 train, 30 test), PRO/CON. The claim
    (``claims.claimCorrectedText``) is the text; ``target_field`` is ``topicText`` (the motion) or
    ``topicTarget`` (its target phrase)."""
    root = require_dir(data_dir, "ibm_claim_stance", [CLAIM_FILE])
    path = root / CLAIM_FILE

    def build():
        out = {"train": [], "test": []}
        for r in read_resaved_csv(path):
            split = r["split"].strip()
            if split not in out:
                raise DataError(
                    f"{path}: claim {r['claims.claimId']} has split {split!r}, not train/test"
                )
            out[split].append(
                example(
                    "ibm_claim",
                    r["claims.claimId"],
                    r[target_field],
                    r["claims.claimCorrectedText"],
                    map_label(r["claims.stance"], where=f"{path}: claim {r['claims.claimId']}"),
                    doc_id=f"topic{r['topicId']}",
                )
            )
        train, validation = carve(out["train"], validation_share, split_seed, group="target")
        return {"train": train, "validation": validation, "test": out["test"]}

    options = {"target_field": target_field, "share": validation_share, "seed": split_seed}
    return cached("ibm_claim", options, [path], build, cache_dir)


def load_ibm_argq(data_dir: str | os.PathLike, cache_dir=None) -> dict[str, list[dict]]:
    """IBM ArgQ-Rank-30k stance: 30,497 arguments toward 71 motions, its own train/val/test
    (motion-disjoint); FAVOR/AGAINST."""
    files = {s: f"raw_{r}_all_onecol.csv" for s, r in RAW_SPLITS.items()}
    root = require_dir(data_dir, "ibm_argq30k_stance", list(files.values()))
    return cached(
        "ibm_argq",
        {},
        [root / f for f in files.values()],
        lambda: {s: read_onecol(root / f, "ibm_argq", s) for s, f in files.items()},
        cache_dir,
    )


LOADERS = {"ibm_claim": load_ibm_claim_stance, "ibm_argq": load_ibm_argq}
FOLDERS = {"ibm_claim": "ibm_claim_stance", "ibm_argq": "ibm_argq30k_stance"}
