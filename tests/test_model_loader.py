"""A missing or corrupt model directory gives ModelLoadError with the path and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.claims.model_loader import ModelLoadError, default_model_path, load_model, model_kind


def _raises(path: Path, words: str) -> None:
    with pytest.raises(ModelLoadError) as err:
        load_model(path)
    assert str(path) in str(err.value)
    assert words in err.value.reason


def test_missing_dir(tmp_path: Path) -> None:
    _raises(tmp_path / "nope", "no such directory")


def test_a_file_is_not_a_model(tmp_path: Path) -> None:
    f = tmp_path / "model.bin"
    f.write_bytes(b"\0\1")
    _raises(f, "not a directory")


def test_empty_dir_is_not_a_model(tmp_path: Path) -> None:
    _raises(tmp_path, "not a claim model")


def test_corrupt_spacy_dir(tmp_path: Path) -> None:
    (tmp_path / "config.cfg").write_text("[nlp\nlang = ", encoding="utf-8")
    (tmp_path / "meta.json").write_text("{}", encoding="utf-8")
    assert model_kind(tmp_path) == "spacy"
    _raises(tmp_path, "corrupt or incompatible spacy model")


def test_corrupt_hf_dir(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "bert"}', encoding="utf-8")
    (tmp_path / "model.safetensors").write_bytes(b"not safetensors")
    assert model_kind(tmp_path) == "hf"
    _raises(tmp_path, "corrupt or incompatible hf model")


def test_truncated_shipped_spacy_model(tmp_path: Path) -> None:
    import shutil

    src = default_model_path()
    if not src.is_dir():
        pytest.skip("no shipped model")
    dst = tmp_path / "m"
    shutil.copytree(src, dst)
    (dst / "tok2vec" / "model").write_bytes(b"\x00truncated")
    _raises(dst, "corrupt or incompatible spacy model")


def test_shipped_default_model_loads_and_predicts() -> None:
    path = default_model_path()
    assert path.is_dir(), f"the default model {path} is not in the repo"
    model = load_model()
    claims = model.predict("全年共受理政府信息公开申请21件，办结率100%。")
    assert all(c.source == "model" for c in claims)
    assert any(c.value == 21 and c.unit == "件" for c in claims)


def test_cli_bad_model_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from service.cli import app

    doc = tmp_path / "r.txt"
    doc.write_text("全年受理申请21件。", encoding="utf-8")
    res = CliRunner().invoke(app, ["extract", str(doc), "--model", str(tmp_path / "missing")])
    assert res.exit_code != 0
    assert "Traceback" not in res.output and str(tmp_path / "missing") in res.output


def test_spacy_model_loads_without_importing_torch() -> None:
    """thinc imports torch when it is installed (half of a batch's start-up and ~170 MB); the spaCy model
    does not need it, so loading it leaves torch unimported — and still importable for the transformers path."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from service.claims.model_loader import load_model, default_model_path\n"
        "m = load_model(default_model_path())\n"
        "assert m.spans('政府网站发布信息120条。')\n"
        "print('torch' in sys.modules)\n"
        "import torch\n"
        "print(torch.tensor([1]).sum().item())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "1"]
