"""``negostance-sweep``: an Optuna study over the search space in ``configs/hparams_search``.

    negostance-sweep                                   # hparams_search=optuna, 20 trials
    negostance-sweep hparams_search.n_trials=40 data.split_by=article

Each trial is a full ``negostance-train`` run (its own run directory and MLflow run); the study is
stored in SQLite (``hparams_search.storage``), so starting the same command again after a kill
continues it: finished trials are kept and an interrupted trial is run again with its parameters.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import hydra
from omegaconf import DictConfig, OmegaConf

from negostance.cli import config_dir, user_errors_fail


def _suggest(trial, name: str, spec: dict):
    kind = spec["type"]
    if kind == "float":
        return trial.suggest_float(name, spec["low"], spec["high"], log=spec.get("log", False))
    if kind == "int":
        return trial.suggest_int(name, spec["low"], spec["high"], log=spec.get("log", False))
    if kind == "categorical":
        return trial.suggest_categorical(name, list(spec["choices"]))
    raise ValueError(
        f"hparams_search.params.{name}: type {kind!r} is not float, int or categorical"
    )


def run_study(cfg: DictConfig) -> float:
    import optuna
    from hydra.utils import instantiate

    from negostance.cli.train import train

    hs = cfg.hparams_search
    storage = hs.storage
    if storage.startswith("sqlite:///"):
        Path(storage[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    study = optuna.create_study(
        study_name=hs.study_name,
        storage=storage,
        direction=hs.direction,
        sampler=instantiate(hs.sampler),
        pruner=instantiate(hs.pruner),
        load_if_exists=True,
    )
    # A trial left RUNNING by a killed sweep: mark it failed and run its parameters again.
    for t in study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.RUNNING,)):
        study._storage.set_trial_state_values(t._trial_id, optuna.trial.TrialState.FAIL)
        study.enqueue_trial(t.params, skip_if_exists=False)
    done = len(
        study.get_trials(states=(optuna.trial.TrialState.COMPLETE, optuna.trial.TrialState.PRUNED))
    )
    remaining = max(0, int(hs.n_trials) - done)
    print(f"study {hs.study_name}: {done} trials done, {remaining} to run ({storage})")

    base = OmegaConf.to_container(cfg, resolve=False)
    base.pop("hparams_search")
    sweep_dir = Path(OmegaConf.select(cfg, "paths.runs_dir")) / "sweeps" / hs.study_name
    params = OmegaConf.to_container(hs.params, resolve=True)

    def objective(trial) -> float:
        trial_cfg = OmegaConf.create(base)
        for name, spec in params.items():
            OmegaConf.update(trial_cfg, name, _suggest(trial, name, spec), merge=False)
        trial_cfg.paths.run_dir = str((sweep_dir / f"trial_{trial.number:03d}").resolve())
        trial_cfg.run_name = f"{hs.study_name}-trial{trial.number}"
        trial_cfg.optimized_metric = hs.metric
        OmegaConf.set_struct(trial_cfg, True)
        return train(trial_cfg)

    if remaining:
        study.optimize(objective, n_trials=remaining, catch=())
    best = {
        "value": study.best_value,
        "params": study.best_params,
        "trial": study.best_trial.number,
        "run_dir": str(sweep_dir / f"trial_{study.best_trial.number:03d}"),
    }
    sweep_dir.mkdir(parents=True, exist_ok=True)
    (sweep_dir / "best.json").write_text(json.dumps(best, indent=2))
    print(f"best {hs.metric} {best['value']:.4f} (trial {best['trial']}): {best['params']}")
    return float(study.best_value)


@hydra.main(config_path=config_dir(), config_name="sweep", version_base="1.3")
def _hydra_main(cfg: DictConfig) -> float:
    return user_errors_fail("negostance-sweep", run_study, cfg)


def main() -> None:
    _hydra_main()


if __name__ == "__main__":
    sys.exit(main())
