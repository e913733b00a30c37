#!/usr/bin/env bash
# Install the Label Studio *server* into its own venv (.venv-ls, gitignored): it pins its own
# Django/numpy/pyarrow, which must not meet the project's .venv. Idempotent.
# Afterwards, pre-initialise a template data dir (migrations done once) so that tests start a
# server in a few seconds instead of ~30 s; see annotations/ls_server.py.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO/.venv-ls"
LS_VERSION="1.23.2"
PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

installed_version() {
  "$VENV/bin/python" - <<'PY' 2>/dev/null || true
from importlib.metadata import version
print(version("label-studio"))
PY
}

if [[ -x "$VENV/bin/label-studio" && "$(installed_version)" == "$LS_VERSION" ]]; then
  echo "label-studio $LS_VERSION already in $VENV"
else
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet "label-studio==$LS_VERSION"
  echo "installed label-studio $LS_VERSION into $VENV"
fi

# Template data dir: created by our own Python helper (same env vars as the test server).
if [[ ! -f "$VENV/ls-template/label_studio.sqlite3" ]]; then
  PY="$REPO/.venv/bin/python"; [[ -x "$PY" ]] || PY=python3
  (cd "$REPO" && "$PY" -m annotations.ls_server init-template)
fi
