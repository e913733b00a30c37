"""The spaCy path: train from configs/spacy_claims.cfg on invented sentences (clean clone),
save, load through the model loader, predict claims; and the shipped model on invented text."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.claims.model_loader import default_model_path, load_model
from service.normalise import normalise
from tests.model_fixtures import fixture_docs, fixture_triples
from training.train_spacy import train_spacy

REPORT = Path(__file__).resolve().parent / "fixtures" / "models" / "report.txt"
STEPS = 120  # enough for the pipeline to learn the invented sentences (about 25 s on one core)


@pytest.fixture(scope="module")
def trained_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("spacy")
    return train_spacy(out, train_docs=fixture_docs(), dev_docs=fixture_docs(), max_steps=STEPS, seed=7)


def test_trained_pipeline_has_the_components(trained_dir: Path) -> None:
    model = load_model(trained_dir)
    assert model.kind == "spacy"
    assert model.nlp.pipe_names == ["tok2vec", "ner", "span_finder", "spancat"]
    assert set(model.nlp.get_pipe("ner").labels) == {"METRIC", "VALUE"}
    assert (trained_dir / "nianbao.json").is_file()


def test_trained_pipeline_finds_the_claims_it_was_trained_on(trained_dir: Path) -> None:
    model = load_model(trained_dir)
    text = normalise(REPORT.read_text(encoding="utf-8")).text
    claims = model.predict(text)
    got = {(c.metric, text[c.value_span[0] : c.value_span[1]]) for c in claims}
    want = {(m, v) for _, m, v in fixture_triples()}
    assert len(got & want) >= 0.6 * len(want)
    for c in claims:
        assert c.source == "model"
        assert text[c.start : c.end] == c.text


def test_model_runs_only_on_sentences_with_a_number(trained_dir: Path) -> None:
    model = load_model(trained_dir)
    seen: list[str] = []
    pipe = model.nlp.pipe
    model.nlp.pipe = lambda texts, **kw: pipe([seen.append(t) or t for t in texts], **kw)  # type: ignore[method-assign]
    model.predict("一是加强组织领导。全年受理申请21件。二是完善制度建设。")
    assert seen == ["全年受理申请21件。"]


def test_shipped_model_extracts_claims_from_invented_text() -> None:
    if not default_model_path().is_dir():
        pytest.fail(f"the default model {default_model_path()} is not in the repo")
    model = load_model()
    text = normalise("2030年，本机关全年主动公开政府信息1234条，受理政府信息公开申请56件，即办率达到95%以上。").text
    claims = model.predict(text)
    values = {(c.value, c.unit) for c in claims}
    assert (1234, "条") in values and (56, "件") in values
    assert not any(c.value == 2030 for c in claims)  # a year is not a claim


def test_evaluate_writes_report_with_all_systems(trained_dir: Path, tmp_path: Path) -> None:
    from annotations.standoff import save
    from training.convert import assign_splits
    from training.evaluate import evaluate

    gold = tmp_path / "gold"
    docs = fixture_docs()
    for i, d in enumerate(docs):
        save(d, gold / f"d{i}.json")
    split = assign_splits([docs[0].source])[docs[0].source]["split"]
    out = tmp_path / "report"
    res = evaluate(gold, split, spacy_path=trained_dir, out=out)
    assert set(res["results"]) == {"rules", "spacy", "rules+spacy"}
    assert res["meta"]["gold_claims"] == len(fixture_triples())
    for name, r in res["results"].items():
        c = r["claims"]
        assert c["gold"] == len(fixture_triples()) and 0 <= c["f1"] <= 1
        assert r["chars_per_second"] > 0
    assert res["results"]["spacy"]["claims"]["tp"] > 0
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "rules+spacy" in text and "chars/s" in text
    for png in ("claims_prf.png", "claim_errors.png", "entity_confusion.png"):
        assert (out / png).stat().st_size > 1000


@pytest.mark.parametrize("splits,dev_split", [
    (("train", "dev"), "dev"), (("test",), "dev"), (("train", "no_such_split"), "dev"),
    (("train", "dev", "blind5"), "blind5"), (("train", "dev"), "test"), (("train",), "no_such_split"),
])
def test_training_refuses_dev_test_and_unknown_splits(splits: tuple[str, ...], dev_split: str, tmp_path: Path) -> None:
    """The dev split (or `--dev-split`) picks the checkpoint and test measures: a model trained on
    either would be scored on its own data, and test may not pick a checkpoint either."""
    with pytest.raises(ValueError):
        train_spacy(tmp_path / "out", train_splits=splits, dev_split=dev_split)
    assert not (tmp_path / "out" / "model").exists()
