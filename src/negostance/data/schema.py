"""The one canonical example schema that every loader maps its raw columns onto."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from negostance import LABELS

#: Canonical columns, in order. ``text`` is the quoted statement (or tweet, claim, ...);
#: ``context`` the paragraph around it; ``label`` one of the label set.
COLUMNS: tuple[str, ...] = (
    "id",
    "doc_id",
    "target",
    "text",
    "speaker",
    "context",
    "label",
    "source",
)

DEFAULT_TARGET = "negotiations"


class DataError(ValueError):
    """Data that cannot be used as it is; the message names the file, record or field."""


def check_labels(
    records: Iterable[dict], labels: Sequence[str] = LABELS, where: str = "data"
) -> None:
    """Raise ``DataError`` naming the first record whose label is outside ``labels``.

    >>> check_labels([{"id": "a", "label": "favor"}])
    >>> check_labels([{"id": "a", "label": "pro"}])
    Traceback (most recent call last):
    ...
    negostance.data.schema.DataError: data: record 'a' has label 'pro', not one of ('favor', 'against', 'none')
    """
    allowed = set(labels)
    for r in records:
        if r["label"] not in allowed:
            raise DataError(
                f"{where}: record {r.get('id')!r} has label {r['label']!r}, not one of {tuple(labels)}"
            )
