"""Which claim model the CLI, batch and HTTP service use: the shipped default, `--model PATH`, or none."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Optional

from service.claims.model_loader import default_model_path

log = logging.getLogger(__name__)


class ModelUnavailable(Exception):
    pass


def resolve_model(model_path: Optional[str], no_model: bool) -> Optional[object]:
    """Load the model to use. An explicit path that is missing or corrupt is an error (ModelUnavailable);
    a missing default model means rules only, said once on the log."""
    if no_model:
        return None
    try:
        from service.claims.model_loader import load_model
    except ImportError:  # model runtime not installed
        if model_path:
            raise ModelUnavailable(f"{model_path}: the model runtime is not available") from None
        return None
    path = Path(model_path) if model_path else default_model_path()
    if not model_path and not path.exists():
        log.warning("no default model at %s: claims come from the rules only", path)
        return None
    try:
        return load_model(path)
    except Exception as e:  # noqa: BLE001 - report any loader failure as a clear message
        raise ModelUnavailable(f"{path}: cannot load the claim model ({e})") from None
