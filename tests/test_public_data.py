"""Public benchmark loaders on tiny files in each dataset's raw format, the mixture and its split
strategies, and (when ../shared/data exists) the real files' counts against its README."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from negostance.data.mix import load_mix, source_split
from negostance.data.public import load_generic
from negostance.data.public_ibm import load_ibm_argq, load_ibm_claim_stance
from negostance.data.public_tweets import (
    load_covid19,
    load_pstance,
    load_ruw,
    load_semeval,
    load_vast,
)
from negostance.data.schema import COLUMNS, DataError

LABELS3 = ["FAVOR", "AGAINST", "NONE"]


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def make_semeval(root: Path) -> Path:
    d = root / "semeval2016_task6"
    d.mkdir(parents=True)
    head = "ID\tTarget\tTweet\tStance\tOpinion towards\tSentiment\r\n"
    targets = ["Atheism", "Hillary Clinton", "Feminist Movement"]
    train = "".join(
        f'{i}\t{targets[i % 3]}\tcaf\xe9 tweet "{i} #SemST\t{LABELS3[i % 3]}\tTARGET\tPOSITIVE\r\n'
        for i in range(1, 41)
    )
    (d / "trainingdata-all-annotations.txt").write_bytes((head + train).encode("latin-1"))
    (d / "trialdata-all-annotations.txt").write_bytes(
        (head + "900\tAtheism\ttrial\tNONE\tOTHER\tNEITHER\r\n").encode()
    )
    test_a = "".join(
        f"{i}\t{targets[i % 3]}\ttest {i}\t{LABELS3[i % 3]}\tTARGET\tNEGATIVE\r\n"
        for i in range(50, 62)
    )
    (d / "testdata-taskA-all-annotations.txt").write_bytes((head + test_a).encode())
    test_b = "".join(
        f"{i}\tDonald Trump\ttrump {i}\t{LABELS3[i % 3]}\tTARGET\tNEGATIVE\r\n"
        for i in range(70, 76)
    )
    (d / "testdata-taskB-all-annotations.txt").write_bytes((head + test_b).encode())
    return d


def make_onecol(
    d: Path, pattern: str, targets: list[str], n: int = 6, encoding: str = "utf-8"
) -> Path:
    for split in ("train", "val", "test"):
        rows = [
            [f"{split} tweet {i} \u2026", targets[i % len(targets)], LABELS3[i % 3]]
            for i in range(n)
        ]
        write_csv(
            d / pattern.format(split=split), ["Tweet", "Target 1", "Stance 1"], rows, encoding
        )
    return d


def test_semeval_task_a_and_b(tmp_path):
    d = make_semeval(tmp_path)
    a = load_semeval(d, task="A", validation_share=0.25, split_seed=0)
    assert (len(a["train"]), len(a["validation"]), len(a["test"])) == (31, 10, 12)
    ex = a["train"][0]
    assert (
        list(ex) == list(COLUMNS)
        and ex["source"] == "semeval_a"
        and ex["id"].startswith("semeval_a-")
    )
    assert {e["label"] for e in a["test"]} == {"favor", "against", "none"}
    assert any('caf\xe9 tweet "' in e["text"] for e in a["train"])  # latin-1, quote kept
    b = load_semeval(d, task="B", validation_share=0.25)
    assert {e["target"] for e in b["test"]} == {"Donald Trump"}
    assert "Donald Trump" not in {e["target"] for e in b["train"] + b["validation"]}
    assert [e["id"] for e in b["validation"]] == [
        e["id"].replace("_a-", "_b-") for e in a["validation"]
    ]


def test_pstance_covid_argq(tmp_path):
    d = tmp_path / "pstance"
    for t, name in (("trump", "Donald Trump"), ("biden", "Joe Biden")):
        for split in ("train", "val", "test"):
            write_csv(
                d / f"raw_{split}_{t}.csv",
                ["Tweet", "Target", "Stance"],
                [[f"{t} {split} {i}", name, ["FAVOR", "AGAINST"][i % 2]] for i in range(4)],
            )
    p = load_pstance(d, targets=["trump", "biden"])
    assert [len(p[s]) for s in ("train", "validation", "test")] == [8, 8, 8]
    assert {e["label"] for e in p["train"]} == {"favor", "against"}
    c = load_covid19(
        make_onecol(tmp_path / "covid", "raw_{split}_all_onecol.csv", ["face masks", "fauci"])
    )
    assert len(c["validation"]) == 6 and c["test"][0]["text"].endswith("\u2026")
    g = load_ibm_argq(
        make_onecol(tmp_path / "argq", "raw_{split}_all_onecol.csv", ["We should ban x"])
    )
    assert g["train"][0]["source"] == "ibm_argq" and g["train"][0]["target"] == "We should ban x"


def test_ruw_two_targets_per_tweet_gb18030(tmp_path):
    d = tmp_path / "ruw"
    header = ["Tweet", "Target 1", "Stance 1", "Target 2", "Stance 2", "Test/Train/Dev"]
    for split in ("train", "val", "test"):
        write_csv(
            d / f"raw_{split}_Russia_Ukraine.csv",
            header,
            [[f"war \u2026 {i}", "Russia", "AGAINST", "Ukraine", "FAVOR", split] for i in range(3)],
            encoding="gb18030",
        )
    r = load_ruw(d)
    assert len(r["train"]) == 6
    first = [e for e in r["train"] if e["doc_id"] == r["train"][0]["doc_id"]]
    assert {(e["target"], e["label"]) for e in first} == {
        ("Russia", "against"),
        ("Ukraine", "favor"),
    }
    assert "\u2026" in first[0]["text"]


def make_vast(d: Path) -> Path:
    cols = ["Tweet", "Target 1", "Stance 1", "seen?", "GT Target", "new_topic", "Wiki"]
    for split in ("val", "test"):
        write_csv(
            d / f"raw_{split}_all_onecol.csv",
            cols,
            [
                [f"comment {i}", "nuclear power", LABELS3[i % 3], 0, "invalid", "x", "gloss"]
                for i in range(3)
            ],
        )
    write_csv(
        d / "vast_test-sentswap.csv",
        ["post", "topic_str", "label"],
        [["swapped", "guns", 0], ["b", "guns", 2]],
    )
    return d


def test_vast_has_no_train_and_sentswap(tmp_path):
    d = make_vast(tmp_path / "vast")
    v = load_vast(d)
    assert v["train"] == [] and len(v["validation"]) == 3 and v["test"][0]["context"] == ""
    assert load_vast(d, context_field="Wiki")["test"][0]["context"] == "gloss"
    s = load_vast(d, sentswap=True)["test"]
    assert [(e["target"], e["label"]) for e in s] == [("guns", "against"), ("guns", "none")]


def test_ibm_claim_stance_resaved_csv(tmp_path):
    d = tmp_path / "ibm_claim_stance"
    d.mkdir()
    header = [
        "topicId",
        "split",
        "topicText",
        "claims.claimId",
        "claims.stance",
        "claims.claimCorrectedText",
    ]
    lines = ['"' + ",".join(f'""{h}""' if i else h for i, h in enumerate(header)) + '";;;;']
    claim = 0
    for topic, split in ((1, "train"), (2, "train"), (3, "train"), (4, "test")):
        for stance in ("PRO", "CON"):
            claim += 1
            text = "equal; not" if claim == 1 else f"claim {claim}"
            original = f'{topic},"{split}","motion {topic}","{claim}","{stance}","{text}"'
            # the spreadsheet splits the original line at ';' and quotes fields holding quotes
            parts = [
                '"' + p.replace('"', '""') + '"' if '"' in p else p for p in original.split(";")
            ]
            lines.append(";".join(parts) + ";" * (5 - len(parts)))
    (d / "claim_stance_dataset_v1.csv").write_text("\r\n".join(lines) + "\r\n")
    c = load_ibm_claim_stance(d, validation_share=0.34)
    assert len(c["test"]) == 2 and {e["label"] for e in c["test"]} == {"favor", "against"}
    assert (
        len(c["validation"]) == 2 and len({e["target"] for e in c["validation"]}) == 1
    )  # whole motions
    assert not {e["target"] for e in c["validation"]} & {e["target"] for e in c["train"]}
    assert "equal; not" in {e["text"] for s in c.values() for e in s}


def test_generic_jsonl_and_csv(tmp_path):
    d = tmp_path / "mine"
    d.mkdir()
    with open(d / "train.jsonl", "w") as f:
        for i in range(10):
            f.write(
                json.dumps(
                    {"sentence": f"s{i}", "stance": ["pro", "con", "neutral"][i % 3], "who": "A"}
                )
                + "\n"
            )
    write_csv(d / "test.csv", ["sentence", "stance"], [["t1", "Favor"], ["t2", "against"]])
    out = load_generic(
        d,
        {"train": "train.jsonl", "test": "test.csv"},
        text_field="sentence",
        label_field="stance",
        target_field=None,
        target="negotiations",
        speaker_field="who",
        source="mine",
        validation_share=0.2,
    )
    assert [len(out[s]) for s in ("train", "validation", "test")] == [8, 2, 2]
    assert out["train"][0]["speaker"] == "A" and out["test"][0]["label"] == "favor"
    assert out["test"][1]["target"] == "negotiations" and out["test"][1]["source"] == "mine"
    with pytest.raises(DataError, match="no mapping"):
        load_generic(
            d,
            {"test": "test.csv"},
            text_field="sentence",
            label_field="stance",
            target="x",
            label_map={"favor": "favor"},
        )


def test_missing_folder_names_path_and_source(tmp_path):
    with pytest.raises(DataError) as e:
        load_pstance(tmp_path / "nowhere")
    assert str(tmp_path / "nowhere") in str(e.value) and "github.com/chuchun8/PStance" in str(
        e.value
    )
    with pytest.raises(DataError, match="semeval2016_task6.*does not exist"):
        load_mix(["semeval_a"], data_root=tmp_path)


def test_cache_is_reused(tmp_path):
    d = make_onecol(tmp_path / "covid", "raw_{split}_all_onecol.csv", ["fauci"])
    cache = tmp_path / "cache"
    first = load_covid19(d, cache_dir=cache)
    assert len(list(cache.glob("covid19-*/dataset_dict.json"))) == 1
    assert load_covid19(d, cache_dir=cache) == first
    v = make_vast(tmp_path / "vast")  # an empty train split survives the cache
    assert load_vast(v, cache_dir=cache) == load_vast(v, cache_dir=cache) == load_vast(v)


@pytest.fixture
def mix_root(tmp_path):
    make_semeval(tmp_path)
    make_onecol(
        tmp_path / "covid19_stance", "raw_{split}_all_onecol.csv", ["face masks", "fauci"], n=10
    )
    return tmp_path


def test_mix_weights_and_sources(mix_root):
    base = load_mix(["semeval_a", "covid19"], data_root=mix_root)
    n = Counter(e["source"] for e in base["train"])
    assert n == {"semeval_a": 35, "covid19": 10}
    heavy = load_mix(
        ["semeval_a", "covid19"], data_root=mix_root, weights={"covid19": 2.5, "semeval_a": 0.2}
    )
    assert Counter(e["source"] for e in heavy["train"]) == {"semeval_a": 7, "covid19": 25}
    assert Counter(e["source"] for e in heavy["test"]) == Counter(e["source"] for e in base["test"])
    capped = load_mix(
        ["semeval_a", "covid19"],
        data_root=mix_root,
        max_train_per_source=5,
        max_validation_per_source=2,
        max_test_per_source=3,
    )
    assert Counter(e["source"] for e in capped["train"]) == {"semeval_a": 5, "covid19": 5}
    assert Counter(e["source"] for e in capped["test"]) == {"semeval_a": 3, "covid19": 3}
    assert len(capped["validation"]) == 4
    with pytest.raises(DataError, match="not in data.sources"):
        load_mix(["semeval_a"], data_root=mix_root, weights={"covid19": 1})


def test_leave_one_target_out(mix_root):
    out = load_mix(
        ["semeval_a", "covid19"],
        data_root=mix_root,
        strategy="leave_one_target_out",
        heldout_target="hillary clinton",
    )
    assert {e["target"] for e in out["test"]} == {"Hillary Clinton"}
    assert all(e["target"] != "Hillary Clinton" for s in ("train", "validation") for e in out[s])
    # every Hillary tweet of every split ends up in test
    assert len(out["test"]) == sum(
        e["target"] == "Hillary Clinton"
        for s in load_mix(["semeval_a"], data_root=mix_root).values()
        for e in s
    )
    with pytest.raises(DataError, match="matches no example"):
        load_mix(
            ["covid19"], data_root=mix_root, strategy="leave_one_target_out", heldout_target="Mars"
        )


def test_cross_dataset(mix_root):
    out = load_mix(
        ["covid19"], data_root=mix_root, strategy="cross_dataset", eval_sources=["semeval_a"]
    )
    assert {e["source"] for e in out["train"] + out["validation"]} == {"covid19"}
    assert {e["source"] for e in out["test"]} == {"semeval_a"}
    with pytest.raises(DataError, match="disjoint"):
        load_mix(
            ["covid19"], data_root=mix_root, strategy="cross_dataset", eval_sources=["covid19"]
        )
    assert len(source_split("covid19", "test", data_root=mix_root, max_examples=4)) == 4


# -- the real files, when the shared folder is there ------------------------------------------
README_COUNTS = {  # (train, validation, test) examples, from ../shared/data/README.md
    "vast": (0, 2062, 1460),
    "semeval_a": (2814 + 100, None, 1249),  # train + trial, of which 15 % become validation
    "semeval_b": (2814 + 100, None, 707),
    "pstance": (17224, 2193, 2157),
    "covid19": (4533, 800, 800),
    "ruw": (2 * 4200, 2 * 600, 2 * 1200),  # one example per target
    "ibm_argq": (20974, 3208, 6315),
}


def test_real_files_match_readme(shared_dir, tmp_path):
    from negostance.data.mix import load_source

    root = shared_dir / "data"
    for name, (train, val, test) in README_COUNTS.items():
        s = load_source(name, root)
        if val is None:
            assert len(s["train"]) + len(s["validation"]) == train, name
        else:
            assert (len(s["train"]), len(s["validation"])) == (train, val), name
        assert len(s["test"]) == test, name
    claims = load_source("ibm_claim", root)
    assert sum(map(len, claims.values())) == 2394
    assert len({e["target"] for s in claims.values() for e in s}) == 55


# -- the trainer on a mixture, and a second stage from its checkpoint --------------------------
@pytest.mark.slow
def test_train_on_mixture_then_start_from_its_checkpoint(mix_root, tmp_path):
    from conftest import compose, tiny_overrides

    from negostance.cli.train import train
    from negostance.modeling.factory import build_classifier

    run = tmp_path / "runs" / "mix"
    cfg = compose(
        tiny_overrides(
            run,
            "data=mix",
            f"data.data_root={mix_root}",
            "data.sources=[semeval_a,covid19]",
            "data.weights={covid19:2}",
            "limit_examples=null",
        )
    )
    assert 0.0 <= train(cfg) <= 1.0
    preds = [json.loads(x) for x in (run / "predictions" / "test.jsonl").read_text().splitlines()]
    assert {p["id"].split("-", 1)[0] for p in preds} == {"semeval_a", "covid19"}  # split by source
    model, _ = build_classifier(
        str(run / "checkpoint")
    )  # stage 2: model.name_or_path=<run>/checkpoint
    assert model.config.id2label == {0: "favor", 1: "against", 2: "none"}


def test_semeval_tweet_preprocessing(tmp_path):
    d = make_semeval(tmp_path)
    raw = load_semeval(d, validation_share=0.25)
    clean = load_semeval(d, validation_share=0.25, preprocess="tweet", cache_dir=tmp_path / "cache")
    assert [e["id"] for e in clean["validation"]] == [
        e["id"] for e in raw["validation"]
    ]  # same split
    assert all("#SemST" in e["text"] for e in raw["train"] if e["id"] != "semeval_a-900")
    assert not any("SemST" in e["text"] for s in clean.values() for e in s)
    assert clean["train"][0]["text"].startswith('caf\xe9 tweet "')
    with pytest.raises(DataError, match="preprocess"):
        load_semeval(d, preprocess="emoji")
