"""Load a claim model directory: a spaCy pipeline (`config.cfg` + `meta.json`) or a Hugging Face
token classifier (`config.json` + `model.safetensors`). Anything else, a missing directory, or
one that fails to load, raises `ModelLoadError(path, reason)` — a message, not a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from service.config import REPO_ROOT, load_config


class ModelLoadError(Exception):
    """A claim model that cannot be loaded. `str(err)` is `"<path>: <reason>"`."""

    def __init__(self, path: Union[str, Path], reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"model {path}: {reason}")


def default_model_path() -> Path:
    """The shipped model (`configs/service.yaml`, `default_model`), relative to the repo."""
    p = Path(load_config("service.yaml")["default_model"])
    return p if p.is_absolute() else REPO_ROOT / p


def model_kind(path: Path) -> Optional[str]:
    """"spacy", "hf", or None when the directory is neither."""
    if (path / "config.cfg").is_file() and (path / "meta.json").is_file():
        return "spacy"
    if (path / "config.json").is_file() and any(path.glob("*.safetensors")):
        return "hf"
    return None


def load_model(path: Union[str, Path, None] = None):
    """The model at `path` (default: the shipped one), ready for `predict(text, ...)`."""
    path = Path(path) if path is not None else default_model_path()
    if not path.exists():
        raise ModelLoadError(path, "no such directory")
    if not path.is_dir():
        raise ModelLoadError(path, "not a directory (a model is a directory)")
    kind = model_kind(path)
    if kind is None:
        raise ModelLoadError(
            path,
            "not a claim model: want a spaCy pipeline (config.cfg, meta.json) or a Hugging Face "
            "token classifier (config.json, *.safetensors)",
        )
    try:
        if kind == "spacy":
            from service.claims.spacy_model import SpacyClaimModel

            model = SpacyClaimModel.load(path)
            if "ner" not in model.nlp.pipe_names:
                raise ModelLoadError(path, f"spaCy pipeline has no 'ner' component (has {model.nlp.pipe_names})")
            return model
        from service.claims.hf_model import HFClaimModel

        return HFClaimModel.load(path)
    except ModelLoadError:
        raise
    except Exception as e:  # any failure inside spaCy/transformers becomes one clear message
        msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
        raise ModelLoadError(path, f"corrupt or incompatible {kind} model ({type(e).__name__}: {msg[:300]})") from e
