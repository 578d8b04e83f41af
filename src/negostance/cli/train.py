"""``negostance-train``: fine-tune a stance classifier, configured by Hydra.

negostance-train                                   # MiniLM on the bundled corpus
negostance-train trainer.lr=3e-5 seed=7 tracker=none
negostance-train -m trainer.lr=2e-5,5e-5 seed=1,2  # four runs, one MLflow experiment
negostance-train trainer.resume_from=runs/train/<time>
negostance-train hparams_search=optuna             # Optuna study (see negostance-sweep)
"""

from __future__ import annotations

import sys
from pathlib import Path

import hydra
from omegaconf import DictConfig, OmegaConf, open_dict

from negostance.cli import config_dir, user_errors_fail


def _run_dir(cfg: DictConfig, accelerator) -> Path:
    from accelerate.utils import broadcast_object_list

    if cfg.trainer.resume_from:
        run_dir = cfg.trainer.resume_from
    elif cfg.paths.run_dir:
        run_dir = cfg.paths.run_dir
    else:
        from hydra.core.hydra_config import HydraConfig

        run_dir = HydraConfig.get().runtime.output_dir if HydraConfig.initialized() else None
        if run_dir is None:
            raise ValueError("paths.run_dir is not set and no Hydra run directory exists")
    # every process writes into the main process's directory
    return Path(broadcast_object_list([str(Path(run_dir).resolve())])[0])


def _resumed_config(cfg: DictConfig) -> DictConfig:
    """A resumed run continues with the configuration it started with."""
    saved = Path(cfg.trainer.resume_from) / "config.json"
    if not saved.is_file():
        raise FileNotFoundError(
            f"{cfg.trainer.resume_from} is not a run directory (no config.json)"
        )
    old = OmegaConf.create(saved.read_text())
    old.trainer.resume_from = cfg.trainer.resume_from
    old.trainer.stop_after_steps = cfg.trainer.stop_after_steps
    return old


def _limit(splits: dict, n: int | None, overfit: bool) -> dict:
    if n:
        splits = {k: v[:n] for k, v in splits.items()}
    if overfit:
        splits = {**splits, "validation": list(splits["train"])}
    return splits


def train(cfg: DictConfig) -> float:
    """Seed, data, model, tracker, fit, evaluate; returns the metric a sweeper optimises."""
    from accelerate import Accelerator
    from accelerate.utils import set_seed
    from hydra.utils import instantiate

    from negostance.tracking import NullTracker
    from negostance.training import experiment

    if cfg.get("hparams_search"):
        from negostance.cli.sweep import run_study

        return run_study(cfg)
    if cfg.trainer.resume_from:
        cfg = _resumed_config(cfg)
    accelerator = Accelerator(gradient_accumulation_steps=cfg.trainer.grad_accum)
    set_seed(cfg.seed)
    run_dir = _run_dir(cfg, accelerator)
    with open_dict(cfg):
        cfg.paths.run_dir = str(run_dir)
    splits = _limit(instantiate(cfg.data), cfg.limit_examples, cfg.overfit)
    eval_sets = _limit(
        {name: instantiate(c) for name, c in cfg.eval_sets.items()}, cfg.limit_examples, False
    )
    build_model = instantiate(cfg.model.factory)
    tracker = instantiate(cfg.tracker) if accelerator.is_main_process else NullTracker()
    config = OmegaConf.to_container(cfg, resolve=True)
    result = experiment.run(config, splits, build_model, tracker, accelerator, run_dir, eval_sets)
    accelerator.print(result["table"])
    accelerator.print(f"run directory: {result['run_dir']}")
    return float(result[cfg.optimized_metric])


@hydra.main(config_path=config_dir(), config_name="train", version_base="1.3")
def _hydra_main(cfg: DictConfig) -> float:
    return user_errors_fail("negostance-train", train, cfg)


def main() -> None:
    _hydra_main()


if __name__ == "__main__":
    sys.exit(main())
