"""`nianbao train spacy|hf` and `nianbao evaluate` (mounted by service/cli.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from annotations.standoff import GOLD_DIR, REPO

train_app = typer.Typer(no_args_is_help=True, help="Train the claim models on the gold annotations.")

GoldOpt = typer.Option(GOLD_DIR, "--gold", help="folder of stand-off gold files")


def _fail(msg: str) -> None:
    typer.secho(msg, fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


@train_app.command("spacy")
def train_spacy_cmd(
    out: Path = typer.Option(REPO / "training" / "output" / "spacy", "--out", help="output folder; the model goes to OUT/model"),
    gold: Path = GoldOpt,
    config: Path = typer.Option(REPO / "configs" / "spacy_claims.cfg", "--config"),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="override [training] max_steps"),
    seed: Optional[int] = typer.Option(None, "--seed", help="override [system] seed"),
    record_split: bool = typer.Option(True, "--record-split/--no-record-split", help="update annotations/split.json"),
    train_splits: str = typer.Option("train", "--train-splits", help="comma-separated splits to train on (never the --dev-split or test)"),
    dev_split: str = typer.Option("dev", "--dev-split", help="the split that chooses the best checkpoint (never test)"),
) -> None:
    """Train the spaCy pipeline (ner + span_finder + spancat) from the config."""
    from training.train_spacy import train_spacy

    if not any(Path(gold).glob("*.json")):
        _fail(f"{gold}: no gold files")
    try:
        model = train_spacy(out, gold, config, max_steps, seed, record_split=record_split,
                            train_splits=[s.strip() for s in train_splits.split(",") if s.strip()], dev_split=dev_split)
    except ValueError as e:
        _fail(str(e))
    typer.echo(model)


@train_app.command("hf")
def train_hf_cmd(
    out: Path = typer.Option(REPO / "training" / "output" / "hf", "--out", help="output folder; the model goes to OUT/model"),
    gold: Path = GoldOpt,
    base_model: Optional[Path] = typer.Option(None, "--base-model", help="a local Hugging Face encoder to fine-tune"),
    steps: Optional[int] = typer.Option(None, "--steps", help="training steps (default: --epochs)"),
    epochs: float = typer.Option(20, "--epochs"),
    mlm_steps: int = typer.Option(0, "--mlm-steps", help="masked-LM pretraining steps of the small BERT on unannotated text"),
    seed: int = typer.Option(13, "--seed"),
) -> None:
    """Train the transformers token classifier (small char BERT, or --base-model DIR)."""
    from training.train_hf import train_hf

    if not any(Path(gold).glob("*.json")):
        _fail(f"{gold}: no gold files")
    if base_model is not None and not (base_model / "config.json").is_file():
        _fail(f"{base_model}: not a Hugging Face model folder (no config.json)")
    typer.echo(train_hf(out, gold, base_model, steps, epochs, seed=seed, mlm_steps=mlm_steps))


def evaluate(
    gold: Path = GoldOpt,
    split: str = typer.Option("test", "--split", help="train, dev, test, blind, blind2 … blind6 (texts written after the rules were tuned; blind6 is the one still held out, blind5 chooses the merge), or all (every document of --gold)"),
    model: Optional[Path] = typer.Option(None, "--model", help="spaCy model (default: the shipped one)"),
    hf_model: Optional[Path] = typer.Option(None, "--hf-model", help="HF model to compare (default: models/claims-hf if present)"),
    no_model: bool = typer.Option(False, "--no-model", help="rules only"),
    out: Path = typer.Option(REPO / "training" / "reports", "--out", help="report folder"),
) -> None:
    """Rules, spaCy, HF and merged side by side on a split: P/R/F1, speed, size; writes a report."""
    from service.claims.model_loader import ModelLoadError, default_model_path
    from training.evaluate import evaluate as run, split_note

    if not any(Path(gold).glob("*.json")):
        _fail(f"{gold}: no gold files")
    spacy_path = None if no_model else (model or default_model_path())
    if hf_model is None and not no_model and (REPO / "models" / "claims-hf").is_dir():
        hf_model = REPO / "models" / "claims-hf"
    try:
        res = run(gold, split, spacy_path, None if no_model else hf_model, out)
    except (ModelLoadError, ValueError) as e:
        _fail(str(e))
        return
    except (OSError, KeyError) as e:  # a gold file whose source text cannot be read here
        _fail(f"{gold}: {e.args[0] if isinstance(e, KeyError) and e.args else e}")
        return
    m = res["meta"]
    typer.echo(f"{m['docs']} documents, {m['gold_claims']} gold claims ({split})")
    typer.echo(split_note(m))
    for name, r in res["results"].items():
        c = r["claims"]
        typer.echo(f"{name:12s} P {c['p']:.3f}  R {c['r']:.3f}  F1 {c['f1']:.3f}  {r['chars_per_second']} chars/s")
    typer.echo(f"report: {Path(out) / 'report.md'}")
