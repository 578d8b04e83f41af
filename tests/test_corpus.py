"""The bundled corpus itself: offsets, splits, label and fragment shares, near-duplicates."""

from __future__ import annotations

import collections
import json
import re

import numpy as np
import pytest
from conftest import REPO

from negostance import LABELS
from negostance.corpus import load_articles, load_quotes
from negostance.corpus.build import CLOSE_MARKS, OPEN_MARKS, parse_source

ARTICLES = load_articles()
QUOTES = load_quotes()
BY_ID = {a["id"]: a for a in ARTICLES}


def test_size_and_coverage():
    assert len(ARTICLES) >= 300 and len(QUOTES) >= 2500
    assert len({a["dispute"] for a in ARTICLES}) >= 20
    assert len({a["kind"] for a in ARTICLES}) >= 6
    assert set(a["split"] for a in ARTICLES) == {"train", "validation", "test"}


def test_every_offset_points_at_its_quote_between_marks():
    for q in QUOTES:
        text = BY_ID[q["doc_id"]]["text"]
        assert text[q["start"] : q["end"]] == q["quote"], q["quote_id"]
        assert text[q["start"] - 1] in OPEN_MARKS, q["quote_id"]
        after = text[q["end"]] if q["end"] < len(text) else "\n"
        assert after in CLOSE_MARKS or after == "\n", q["quote_id"]
        assert q["label"] in LABELS and q["speaker"].strip()


def test_no_dispute_crosses_splits():
    splits = collections.defaultdict(set)
    for a in ARTICLES:
        splits[a["dispute"]].add(a["split"])
    assert all(len(s) == 1 for s in splits.values()), {
        d: s for d, s in splits.items() if len(s) > 1
    }


@pytest.mark.parametrize("split", [None, "train", "validation", "test"])
def test_label_shares(split):
    qs = [q for q in QUOTES if split is None or BY_ID[q["doc_id"]]["split"] == split]
    shares = {lab: n / len(qs) for lab, n in collections.Counter(q["label"] for q in qs).items()}
    assert all(shares.get(lab, 0) >= 0.20 for lab in LABELS), shares


def test_fragments_and_long_none_quotes():
    words = [len(q["quote"].split()) for q in QUOTES]
    assert 0.25 <= np.mean([w <= 5 for w in words]) <= 0.40
    for lab in LABELS:  # fragments of every label
        assert np.mean([len(q["quote"].split()) <= 5 for q in QUOTES if q["label"] == lab]) >= 0.15
    none_long = np.mean([len(q["quote"].split()) > 20 for q in QUOTES if q["label"] == "none"])
    assert none_long >= 0.2


def test_near_duplicates_are_rare():
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer().fit_transform([q["quote"] for q in QUOTES])
    sim = (x @ x.T).toarray()
    iu = np.triu_indices(len(QUOTES), k=1)
    share = float(np.mean(sim[iu] >= 0.9))
    assert share <= 0.01, share


def test_compiled_files_match_sources():
    sources = sorted((REPO / "corpus" / "sources").glob("*.txt"))
    if not sources:
        pytest.skip("corpus sources are only in a checkout")
    splits = json.loads((REPO / "corpus" / "splits.json").read_text())
    arts, qs = [], []
    for p in sources:
        a, q = parse_source(p)
        arts += a
        qs += q
    for a in arts:
        a["split"] = splits[a["dispute"]]
    assert arts == ARTICLES and qs == QUOTES, "run: negostance-corpus build"


def test_no_text_copied_from_the_real_dev_set(shared_dir):
    dev = [
        json.loads(line) for line in (shared_dir / "eval" / "news_dev" / "articles.jsonl").open()
    ]

    def shingles(text, n=8):
        w = re.findall(r"\w+", text.lower())
        return {" ".join(w[i : i + n]) for i in range(len(w) - n + 1)}

    dev_sh = set().union(*(shingles(a["text"]) for a in dev))
    ours = set().union(*(shingles(a["text"]) for a in ARTICLES))
    assert not (dev_sh & ours)


def test_examples_know_where_their_quote_stands_in_the_context():
    from negostance.data.gold import load_gold_corpus

    examples = [e for split in load_gold_corpus().values() for e in split]
    for e in examples:
        at = e["quote_at"]
        assert e["context"][at : at + len(e["text"])] == e["text"], e["id"]
