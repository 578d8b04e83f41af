"""One training set from several stance datasets (``data=mix``), with per-source weights and three
split strategies. The target sits in the pair input, so one model learns stance toward any target.

- ``standard``: each source's own train / validation / test, concatenated.
- ``leave_one_target_out``: every example toward ``heldout_target`` (from any split of any source)
  goes to test, and only those: train and validation never see the target.
- ``cross_dataset``: train and validate on ``sources``, test on ``eval_sources`` (their test
  splits; ``validation_from="eval_sources"`` validates on their validation splits instead).

Weights scale each source's *training* examples: 0.5 keeps a seeded half, 2 repeats them twice,
1.5 keeps them once plus a seeded half. Validation and test are never weighted; every example
keeps its ``source`` (and a source-prefixed id), so metrics can be split by source.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from negostance.data.public import SPLITS, loaders
from negostance.data.schema import DataError

STRATEGIES = ("standard", "leave_one_target_out", "cross_dataset")


def folders() -> dict[str, str]:
    """Source name -> its folder under the shared data root."""
    from negostance.data import public_ibm, public_tweets

    return {**public_tweets.FOLDERS, **public_ibm.FOLDERS}


def load_source(
    name: str,
    data_root: str | Path | None = None,
    data_dir: str | Path | None = None,
    cache_dir=None,
    **options,
) -> dict[str, list[dict]]:
    """One source's splits by name: a public dataset (``semeval_a``, ``pstance``, ...; its folder
    under ``data_root`` unless ``data_dir`` is given) or ``negoquotes``, the bundled corpus."""
    if name == "negoquotes":
        from negostance.data.gold import load_gold_corpus

        return load_gold_corpus(data_dir, **options)
    table = loaders()
    if name not in table:
        raise DataError(
            f"unknown data source {name!r}; known: {', '.join(sorted(table))}, negoquotes"
        )
    if data_dir is None:
        if data_root is None:
            raise DataError(f"source {name!r}: set data.data_root= or data.data_dirs.{name}=")
        data_dir = Path(data_root) / folders()[name]
    return table[name](data_dir, cache_dir=cache_dir, **options)


def sample(examples: list[dict], n: int | None, seed) -> list[dict]:
    """A seeded sample of ``n`` examples in their original order (all of them when ``n`` is None
    or not smaller).

    >>> [e["i"] for e in sample([{"i": i} for i in range(5)], 3, seed=1)]
    [0, 3, 4]
    """
    if n is None or n >= len(examples):
        return list(examples)
    keep = set(random.Random(str(seed)).sample(range(len(examples)), n))
    return [ex for i, ex in enumerate(examples) if i in keep]


def weighted(examples: list[dict], weight: float, seed) -> list[dict]:
    """The examples repeated ``int(weight)`` times plus a seeded sample of the fraction.

    >>> len(weighted([{"i": i} for i in range(10)], 1.5, seed=0))
    15
    >>> len(weighted([{"i": i} for i in range(10)], 0.3, seed=0))
    3
    """
    if weight < 0:
        raise DataError(f"source weight {weight} is negative")
    whole, frac = int(weight), weight - int(weight)
    return list(examples) * whole + sample(examples, round(frac * len(examples)), seed)


def _without_target(splits: dict[str, list[dict]], key: str) -> dict[str, list[dict]]:
    """Train and validation without the target ``key`` (lower-cased); test: only that target,
    from every split."""

    def hit(ex):
        return ex["target"].strip().lower() == key

    return {
        "train": [ex for ex in splits["train"] if not hit(ex)],
        "validation": [ex for ex in splits["validation"] if not hit(ex)],
        "test": [ex for s in SPLITS for ex in splits[s] if hit(ex)],
    }


def load_mix(
    sources: Sequence[str],
    data_root: str | Path | None = None,
    weights: Mapping[str, float] | None = None,
    strategy: str = "standard",
    heldout_target: str | None = None,
    eval_sources: Sequence[str] = (),
    validation_from: str = "sources",
    max_train_per_source: int | None = None,
    max_validation_per_source: int | None = None,
    max_test_per_source: int | None = None,
    data_dirs: Mapping[str, str] | None = None,
    options: Mapping[str, Mapping] | None = None,
    seed: int = 0,
    split_seed: int = 0,
    cache_dir=None,
) -> dict[str, list[dict]]:
    """Train / validation / test of a mixture of ``sources`` (see the module docstring).

    ``max_train_per_source`` caps each source's training examples (a seeded sample, drawn anew per
    ``seed``) before its weight applies; ``max_validation_per_source`` and ``max_test_per_source``
    cap each source's validation and test examples (samples fixed by ``split_seed``, the same for
    every seed). ``data_dirs`` and ``options`` give per-source folders and loader options.
    """
    sources, eval_sources = list(sources), list(eval_sources or ())
    weights, data_dirs, options = dict(weights or {}), dict(data_dirs or {}), dict(options or {})
    if strategy not in STRATEGIES:
        raise DataError(f"data.strategy={strategy!r} is not one of {STRATEGIES}")
    if not sources:
        raise DataError("data.sources is empty: name at least one source")
    if strategy == "leave_one_target_out" and not heldout_target:
        raise DataError("strategy leave_one_target_out needs data.heldout_target=")
    if strategy == "cross_dataset" and (not eval_sources or set(eval_sources) & set(sources)):
        raise DataError(
            "strategy cross_dataset needs data.eval_sources=[...], disjoint from data.sources"
        )
    if strategy != "cross_dataset" and eval_sources:
        raise DataError(f"data.eval_sources is for strategy cross_dataset, not {strategy}")
    unknown = set(weights) - set(sources)
    if unknown:
        raise DataError(
            f"data.weights names {sorted(unknown)}, which are not in data.sources {sources}"
        )
    if validation_from not in ("sources", "eval_sources"):
        raise DataError(
            f"data.validation_from={validation_from!r} is not 'sources' or 'eval_sources'"
        )

    loaded = {
        name: load_source(
            name, data_root, data_dirs.get(name), cache_dir, **dict(options.get(name, {}))
        )
        for name in dict.fromkeys(sources + eval_sources)
    }
    if strategy == "leave_one_target_out":
        key = heldout_target.strip().lower()
        loaded = {name: _without_target(splits, key) for name, splits in loaded.items()}
    out: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for name in sources:
        train = sample(loaded[name]["train"], max_train_per_source, f"{seed}-{name}-train")
        out["train"] += weighted(train, float(weights.get(name, 1.0)), f"{seed}-{name}-weight")
    val_sources = eval_sources if validation_from == "eval_sources" else sources
    caps = {"validation": max_validation_per_source, "test": max_test_per_source}
    for split, names in (("validation", val_sources), ("test", eval_sources or sources)):
        for name in names:
            out[split] += sample(loaded[name][split], caps[split], f"{split_seed}-{name}-{split}")
    if strategy == "leave_one_target_out" and not out["test"]:
        known = Counter(ex["target"] for name in sources for s in SPLITS for ex in loaded[name][s])
        raise DataError(
            f"heldout_target {heldout_target!r} matches no example; targets include "
            + ", ".join(repr(t) for t, _ in known.most_common(12))
        )
    random.Random(f"{seed}-shuffle").shuffle(out["train"])
    return out


def source_split(name: str, split: str = "test", **kwargs) -> list[dict]:
    """One split of one source, as a list (for ``eval_sets`` entries, evaluated at the end of a run)."""
    limit = kwargs.pop("max_examples", None)
    split_seed = kwargs.pop("split_seed", 0)
    if split not in SPLITS:
        raise DataError(f"split {split!r} is not one of {SPLITS}")
    return sample(load_source(name, **kwargs)[split], limit, f"{split_seed}-{name}-{split}")
