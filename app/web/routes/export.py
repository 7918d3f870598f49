"""The network as Python: downloads (GET /export/numpy, /export/keras with the page's query) and
the page's code panel (GET /export/view). Every export starts from a fresh trainer for the
config — epoch 0, the same seeds — and trains for the session's epochs so far (else 100)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from app.config import DATASET_LABELS, Config, from_query, to_query
from app.data.points import CustomData
from app.engine import Dataset, Trainer
from app.export import keras_code, numpy_script
from app.export.keras_code import SCRIPT_NAME as KERAS_NAME
from app.export.numpy_script import SCRIPT_NAME as NUMPY_NAME
from app.session.changes import changed_effects
from app.session.run import Run, build_trainer, input_points, make_data
from app.validation import ConfigError
from app.web import views
from app.web.code_highlight import highlight
from app.web.htmx import is_htmx
from app.web.routes.admission import custom_for
from app.web.routes.browser import back_to_page, find, reply
from app.web.routes.dependencies import LiveSession

router = APIRouter()
DEFAULT_EPOCHS = 100  # what an export trains for when the run has not trained yet


def _fresh(config: Config, custom: CustomData | None) -> tuple[Trainer, Dataset]:
    """Return a fresh trainer for config (epoch 0) and its data (custom: the points it names);
    ValueError for the perceptron or a run with no points."""
    if custom is not None and not len(custom):
        raise ValueError("the run has no points: draw some first")
    ds = make_data(config, custom)
    trainer = build_trainer(config, ds)
    if not isinstance(trainer, Trainer):
        raise ValueError("the export writes out multilayer perceptrons; this run's model is "
                         "the perceptron (model=perceptron)")
    return trainer, ds


def _title(config: Config, epochs: int) -> str:
    data = (f"your own data set {config.custom_data}" if config.custom_data else
            f"the {DATASET_LABELS[config.dataset]} data set")
    return f"MLP Playground: {data}, {epochs} epochs"


def numpy_source(config: Config, epochs: int, custom: CustomData | None = None) -> str:
    """Return the from-scratch NumPy script that replays this config's training exactly (on
    custom, the drawn or uploaded points config names, embedded like generated ones)."""
    trainer, ds = _fresh(config, custom)
    return numpy_script(trainer, config.features, *input_points(config, ds), epochs,
                        _title(config, epochs))


def keras_source(config: Config, epochs: int, custom: CustomData | None = None) -> str:
    """Return Keras code that builds and trains the same network on the same points."""
    trainer, ds = _fresh(config, custom)
    points_train, points_test = input_points(config, ds)
    return keras_code(trainer, config.features, epochs, config.seed, _title(config, epochs),
                      points_train=points_train, points_test=points_test)


def export_epochs(request: Request, config: Config) -> int:
    """Return the session's epoch when it trains this very network and data, else 100."""
    session = find(request)
    epoch = 0 if session is None else session.read(lambda view: trained_epochs(view.run, config))
    return epoch or DEFAULT_EPOCHS


def trained_epochs(run: Run, config: Config) -> int:
    """Return the run's epoch when config describes its very network and data, else 0."""
    if changed_effects(run.config, config) & {"data", "model", "regenerate"}:
        return 0
    return run.epoch


def _download(request: Request, source: Callable[[Config, int, CustomData | None], str],
              name: str) -> Response:
    try:
        config = from_query(request.url.query)
        text = source(config, export_epochs(request, config), custom_for(request, config))
    except ConfigError as exc:
        return PlainTextResponse("These settings are not valid:\n" + "".join(
            f"  {m}\n" for m in exc.messages), status_code=422)
    except ValueError as exc:  # the export has no counterpart for this configuration
        return PlainTextResponse(f"This network cannot be exported: {exc}\n", status_code=422)
    return Response(text, media_type="text/x-python",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/export/numpy")
def download_numpy(request: Request) -> Response:
    """Return the NumPy script for the settings in the query, as a .py download."""
    return _download(request, numpy_source, NUMPY_NAME)


@router.get("/export/keras")
def download_keras(request: Request) -> Response:
    """Return the Keras code for the settings in the query, as a .py download."""
    return _download(request, keras_source, KERAS_NAME)


@router.get("/export/view", response_class=HTMLResponse)
def view(request: Request, session: LiveSession) -> Response:
    """Return the code panel: the session's network as Keras code and as a NumPy script."""
    if not is_htmx(request):
        return back_to_page(request, session)
    config, trained, custom = session.read(
        lambda view: (view.run.config, view.run.epoch, view.run.custom))
    epochs = trained or DEFAULT_EPOCHS
    ctx: dict[str, object] = {"query": to_query(config), "epochs": epochs, "trained": trained,
                              "keras_name": KERAS_NAME, "numpy_name": NUMPY_NAME}
    try:
        ctx.update(keras=highlight(keras_source(config, epochs, custom)),
                   numpy=highlight(numpy_source(config, epochs, custom)), reason=None)
    except ValueError as exc:
        ctx.update(keras="", numpy="", reason=str(exc))
    return reply(request, views.render("partials/code_view.html", ctx), session)
