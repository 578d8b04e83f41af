"""Features, padding and a resumable, seeded, length-grouped batch order."""

from __future__ import annotations

import torch

from negostance.modeling.classifier import encode


class FeatureDataset(torch.utils.data.Dataset):
    """Tokenized examples with integer labels; item ``i`` is a dict of unpadded lists."""

    def __init__(self, examples, tokenizer, template, max_length: int, labels):
        feats = encode(tokenizer, examples, template, max_length)
        self.keys = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in feats]
        self.feats = feats
        index = {lab: i for i, lab in enumerate(labels)}
        self.labels = [index[ex["label"]] for ex in examples]
        self.lengths = [len(x) for x in feats["input_ids"]]

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, i: int) -> dict:
        return {**{k: self.feats[k][i] for k in self.keys}, "labels": self.labels[i]}


class Collator:
    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, items: list[dict]) -> dict:
        labels = torch.tensor([it.pop("labels") for it in items])
        batch = self.tokenizer.pad(items, return_tensors="pt")
        batch["labels"] = labels
        return batch


class LengthGroupedBatches(torch.utils.data.Sampler):
    """Batches of similar length (less padding, much faster on CPU) in an order that depends only
    on ``seed`` and the epoch, so that a resumed run sees exactly the batches it would have seen.

    Indices are shuffled, cut into mega-batches of ``group`` batches, sorted by length inside each
    mega-batch, cut into batches, and the batches shuffled again.
    """

    def __init__(self, lengths, batch_size: int, seed: int, shuffle: bool = True, group: int = 50):
        self.lengths, self.batch_size, self.seed = list(lengths), batch_size, seed
        self.shuffle, self.group, self.epoch = shuffle, group, 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __len__(self) -> int:
        return -(-len(self.lengths) // self.batch_size)

    def __iter__(self):
        n, bs = len(self.lengths), self.batch_size
        if not self.shuffle:
            order = sorted(range(n), key=lambda i: self.lengths[i])
            yield from (order[s : s + bs] for s in range(0, n, bs))
            return
        g = torch.Generator().manual_seed(self.seed * 100_003 + self.epoch)
        perm = torch.randperm(n, generator=g).tolist()
        batches = []
        for s in range(0, n, bs * self.group):
            mega = sorted(perm[s : s + bs * self.group], key=lambda i: -self.lengths[i])
            batches += [mega[k : k + bs] for k in range(0, len(mega), bs)]
        for j in torch.randperm(len(batches), generator=g).tolist():
            yield batches[j]
