"""Label Studio ML backend: the claim extractor as Label Studio sees it.

A FastAPI router speaking Label Studio's ML-backend protocol, so a project can connect to the
service for live pre-annotation (`/predict`) and report annotation events (`/webhook`):

- `GET /health` -> `{"status": "UP", "model_version": ...}`
- `POST /setup` -> `{"model_version": ...}`
- `POST /predict` `{"tasks": [...]}` -> `{"results": [{"result": [...], "score": ..., "model_version": ...}]}`,
  one prediction per task, in order
- `POST /webhook` (ANNOTATION_CREATED/UPDATED, START_TRAINING and every other project event Label
  Studio sends to a connected backend), `POST /train` (older servers' training call),
  `GET /versions`

`predict_claims` and `model_version` are also what `nianbao annotate push/select` use, so live
predictions and pushed predictions are the same thing.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import deque
from pathlib import Path
from typing import Any, Callable, Optional

from fastapi import APIRouter, Body, Request

from service.record import Claim

log = logging.getLogger(__name__)

TRAINING_MESSAGE = ("training is not run by the ML backend: pull the annotations (`nianbao annotate pull`) "
                    "and train with `nianbao train`")

# Recent webhook events, newest last (the backend keeps no other state).
EVENTS: deque[dict] = deque(maxlen=200)


def predict_claims(text: str, model: object | None = None) -> list[Claim]:
    """Claims in `text` as the pipeline finds them (`service.pipeline.record_from_raw`): sections
    and tables first, so that no claim is predicted inside a statistical table."""
    from service.claims.extractor import extract_claims
    from service.normalise import normalise
    from service.sections import find_sections
    from service.tables import parse_tables

    norm = normalise(text).text  # length-preserving: offsets hold for `text` too
    sections = find_sections(norm)
    tables = parse_tables(norm, sections)
    return extract_claims(norm, sections=sections, exclude_spans=tables.spans, model=model)


def model_version(model: object | None = None) -> str:
    """The version predictions carry. It changes whenever the extractor's code or configuration
    changes (hash of `service/claims/*.py` and `configs/*`); a loaded model adds its name."""
    from service.config import CONFIG_DIR, REPO_ROOT

    files = sorted((REPO_ROOT / "service" / "claims").glob("*.py"))
    files += sorted(p for p in Path(CONFIG_DIR).glob("*") if p.is_file())
    h = hashlib.sha256()
    for p in files:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    version = f"nianbao-rules-{h.hexdigest()[:10]}"
    if model is not None:
        version += "+" + str(getattr(model, "version", None) or getattr(model, "name", None) or type(model).__name__)
    return version


def health_payload(model: object | None = None) -> dict:
    """What `/health` answers; Label Studio only looks at `status == "UP"`."""
    return {"status": "UP", "model_class": "nianbao", "model_version": model_version(model)}


def predict_tasks(tasks: list[dict], model: object | None = None) -> list[dict]:
    """One Label Studio prediction per task (in order) for tasks carrying `data.text`."""
    from annotations.ls_convert import claims_to_prediction

    version = model_version(model)
    out = []
    for task in tasks:
        text = (task.get("data") or {}).get("text")
        if not isinstance(text, str):
            out.append({"result": [], "model_version": version})
            continue
        out.append(claims_to_prediction(predict_claims(text, model), text, version))
    return out


def make_router(prefix: str = "", get_model: Optional[Callable[[], object | None]] = None) -> APIRouter:
    """The ML-backend router. `get_model` returns the claim model to merge with the rules; without
    it the app's `state.model` is used (`service.api.create_app(model=...)`), None meaning rules only."""
    router = APIRouter(prefix=prefix, tags=["label-studio-ml-backend"])

    def model_of(request: Request) -> object | None:
        return get_model() if get_model else getattr(request.app.state, "model", None)

    @router.get("/health")
    def health(request: Request) -> dict:
        return health_payload(model_of(request))

    @router.post("/setup")
    def setup(request: Request, payload: dict[str, Any] = Body(default_factory=dict)) -> dict:
        log.info("Label Studio setup from project %s", payload.get("project"))
        return {"model_version": model_version(model_of(request))}

    @router.get("/versions")
    def versions(request: Request) -> dict:
        return {"versions": [model_version(model_of(request))]}

    @router.post("/predict")
    def predict(request: Request, payload: dict[str, Any] = Body(...)) -> dict:
        model = model_of(request)
        tasks = payload.get("tasks") or []
        return {"results": predict_tasks(tasks, model), "model_version": model_version(model)}

    @router.post("/webhook")
    def webhook(payload: dict[str, Any] = Body(default_factory=dict)) -> dict:
        action = payload.get("action")
        event = {
            "action": action,
            "project": (payload.get("project") or {}).get("id") if isinstance(payload.get("project"), dict) else None,
            "task": (payload.get("task") or {}).get("id") if isinstance(payload.get("task"), dict) else None,
            "annotation": (payload.get("annotation") or {}).get("id")
            if isinstance(payload.get("annotation"), dict) else None,
            "received": time.time(),
        }
        EVENTS.append(event)
        log.info("Label Studio event %s", event)
        if action == "START_TRAINING":
            return {"status": "ok", "action": action, "message": TRAINING_MESSAGE}
        return {"status": "ok", "action": action}

    @router.post("/train")
    def train(payload: dict[str, Any] = Body(default_factory=dict)) -> dict:
        EVENTS.append({"action": "TRAIN", "project": payload.get("project"), "received": time.time()})
        return {"status": "ok", "message": TRAINING_MESSAGE}

    return router


router = make_router()
