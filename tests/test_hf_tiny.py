"""The transformers path end to end with a tiny model built at test time (no download, no weights
in the repo): build a character BERT from a config, train a few steps on invented sentences, save
safetensors, load through the model loader, predict claims."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from service.claims.model_loader import load_model
from service.normalise import normalise
from tests.model_fixtures import fixture_docs, fixture_triples
from training.train_hf import build_tokenizer, train_hf

TINY = dict(hidden_size=64, num_hidden_layers=2, num_attention_heads=2, intermediate_size=128)
REPORT = Path(__file__).resolve().parent / "fixtures" / "models" / "report.txt"


def test_char_tokenizer_keeps_digits_and_aligns_words() -> None:
    tok = build_tokenizer(["受理申请2021件", "满意度98.5%"])
    enc = tok(list("受理申请2021件"), is_split_into_words=True)
    ids = enc["input_ids"][1:-1]
    assert tok.unk_token_id not in ids  # each digit is its own token, not [UNK]
    assert len(ids) == len("受理申请2021件")
    assert enc.word_ids()[1:-1] == list(range(len("受理申请2021件")))


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    out = tmp_path_factory.mktemp("hf")
    return train_hf(out, train_docs=fixture_docs(), steps=120, batch_size=8, lr=2e-3, size=TINY, seed=7,
                    extra_vocab_texts=[REPORT.read_text(encoding="utf-8")])


def test_saved_as_safetensors(tiny_model_dir: Path) -> None:
    assert (tiny_model_dir / "model.safetensors").is_file()
    assert not list(tiny_model_dir.glob("*.bin"))
    assert (tiny_model_dir / "nianbao.json").is_file()


def test_loads_and_predicts_the_claims_it_was_trained_on(tiny_model_dir: Path) -> None:
    model = load_model(tiny_model_dir)
    assert model.kind == "hf"
    text = normalise(REPORT.read_text(encoding="utf-8")).text
    claims = model.predict(text)
    assert claims and all(c.source == "model" for c in claims)
    got = {(c.metric, text[c.value_span[0] : c.value_span[1]]) for c in claims}
    want = {(m, v) for _, m, v in fixture_triples()}
    assert len(got & want) >= 0.8 * len(want)
    by_metric = {c.metric: c for c in claims}
    if "入库有效数据" in by_metric:  # values go through the shared normaliser
        c = by_metric["入库有效数据"]
        assert (c.value, c.unit, c.comparator) == (62770000, "条", ">")
    for c in claims:  # offsets index the text
        assert text[c.start : c.end] == c.text and text[c.metric_span[0] : c.metric_span[1]] == c.metric


def test_exclude_spans_are_respected(tiny_model_dir: Path) -> None:
    model = load_model(tiny_model_dir)
    text = normalise(REPORT.read_text(encoding="utf-8")).text
    cut = text.index("二、")
    claims = model.predict(text, exclude_spans=[(cut, len(text))])
    assert claims and all(c.end <= cut for c in claims)


def test_base_model_dir_is_fine_tuned(tiny_model_dir: Path, tmp_path: Path) -> None:
    # any local Hugging Face encoder folder works as --base-model; here the tiny model itself
    out = train_hf(tmp_path, train_docs=fixture_docs(), base_model=tiny_model_dir, steps=5, batch_size=8, seed=7)
    model = load_model(out)
    assert model.kind == "hf"
    assert len(model.tokenizer) == len(load_model(tiny_model_dir).tokenizer)  # its own vocabulary is kept
    text = normalise(REPORT.read_text(encoding="utf-8")).text
    assert isinstance(model.predict(text), list)
