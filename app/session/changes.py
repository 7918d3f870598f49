"""A run's changes of settings: rebuilt, regenerated on new data, updated live, or relabelled, by
what the changed fields do (config.Effect); the session owner (session.py) calls these under its
lock.
"""

from __future__ import annotations

from app.config import MAX_SEED, Config, knob
from app.data.points import CustomData
from app.engine import PerceptronTrainer
from app.session.run import AnyTrainer, Run, build_run, make_data, mlp_trainer, perceptron_trainer


def regenerate(run: Run, config: Config, custom: CustomData | None = None) -> Run:
    """Return the run on new data (config.data_seed, or new custom points) with the same model,
    optimizer and epoch.

    Raises:
        ValueError: custom data that config does not name or that does not fit its problem.
    """
    ds, old = make_data(config, custom), run.trainer
    trainer: AnyTrainer
    if isinstance(old, PerceptronTrainer):
        trainer = perceptron_trainer(config, old.perceptron, ds, old.rng)
    else:
        trainer = mlp_trainer(config, old.net, old.optimizer, ds, old.rng)
    trainer.epoch, trainer.history = old.epoch, old.history
    return Run(config, ds, run.model, trainer, run.run_id, run.data_id + 1, run.grid, custom,
               run.undo)


def _apply_live(run: Run, config: Config) -> None:
    """Apply learning rate and regularisation to the running trainer (no reset)."""
    trainer = run.trainer
    if isinstance(trainer, PerceptronTrainer):
        trainer.learning_rate = config.learning_rate
        return
    trainer.set_learning_rate(config.learning_rate)
    rate = config.regularization_rate
    trainer.set_regularization(rate if config.regularization == "l1" else 0.0,
                               rate if config.regularization == "l2" else 0.0)


def changed_effects(old: Config, new: Config) -> set[str]:
    """Return the effects (see config.Effect) of the fields that differ."""
    return {knob(n).effect for n in Config.model_fields if getattr(old, n) != getattr(new, n)}


def reconfigure(run: Run, config: Config, custom: CustomData | None = None) -> Run:
    """Return the run under a new config: rebuilt, regenerated, updated live, or just relabelled.

    Args:
        custom: the points config.custom_data names, when they are not the run's own.
    """
    if custom is None and config.custom_data == run.config.custom_data:
        custom = run.custom
    effects = changed_effects(run.config, config)
    if effects & {"data", "model"}:
        return build_run(config, run.run_id + 1, run.data_id + 1, custom)
    if "regenerate" in effects:
        run = regenerate(run, config, custom)
    if "live" in effects:
        _apply_live(run, config)
    run.config = config
    return run


def changed_fields(old: Config, new: Config) -> frozenset[str]:
    """Return the names of the config fields that differ."""
    return frozenset(n for n in Config.model_fields if getattr(old, n) != getattr(new, n))


def bump(config: Config, name: str) -> Config:
    """Return config with the seed `name` moved on by one, wrapping at MAX_SEED."""
    return config.model_copy(update={name: (getattr(config, name) + 1) % (MAX_SEED + 1)})
