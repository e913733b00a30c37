"""Load configuration files from `configs/` (YAML or JSON). Every template, label set, lexicon
and threshold lives there, not in code."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = Path(os.environ.get("NIANBAO_CONFIG_DIR", REPO_ROOT / "configs"))


def config_path(name: str) -> Path:
    return CONFIG_DIR / name


@lru_cache(maxsize=None)
def load_config(name: str) -> Any:
    """Load `configs/<name>` (`.yaml`/`.yml`/`.json`)."""
    path = config_path(name)
    with path.open(encoding="utf-8") as f:
        if path.suffix == ".json":
            return json.load(f)
        # libyaml's parser when PyYAML has it (ten times faster, same result); the pure-Python one otherwise
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
