"""The `nianbao` command: extract, batch, schema, serve, and the annotate / train / evaluate groups."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, NoReturn, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Government information-disclosure annual reports → checked records.")

ModelOpt = typer.Option(None, "--model", help="claim model directory (default: the shipped model in models/)")
NoModelOpt = typer.Option(False, "--no-model", help="rules only: do not load a claim model")


def _model(model: Optional[str], no_model: bool) -> object | None:
    from service.models import ModelUnavailable, resolve_model

    try:
        return resolve_model(model, no_model)
    except ModelUnavailable as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2)


def _open_output(output: Path):
    """The -o file, its folder made if missing; a path that cannot be written is a clear error, not a traceback."""
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        return output.open("w", encoding="utf-8")
    except OSError as e:
        _cannot_write(output, e)


def _check_writable(path: Path) -> None:
    """Before a batch starts: the file it appends to can be made (a clear error, not a traceback mid-run)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8"):
            pass
    except OSError as e:
        _cannot_write(path, e)


def _cannot_write(path: Path, e: OSError) -> NoReturn:
    # mkdir's "File exists" would not tell the user that a folder on the way is a file
    reason = "a part of its folder path is a file, not a folder" if isinstance(e, (FileExistsError, NotADirectoryError)) else e.strerror or str(e)
    typer.echo(f"error: cannot write {path} ({reason})", err=True)
    raise typer.Exit(2)


@app.command()
def extract(
    # a metavar without "...": typer shows a required argument as {NAME}, the raw parameter name when none is given,
    # and adds "..." itself for one taking several values ("INPUT..." was shown as {INPUT...}...)
    files: List[Path] = typer.Argument(..., metavar="FILE", help="report files (text, HTML, PDF, DOCX)"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write JSON Lines here instead of stdout"),
    model: Optional[str] = ModelOpt,
    no_model: bool = NoModelOpt,
    timeout: int = typer.Option(300, "--timeout", help="seconds one document may take before it is stopped and reported (0: no limit)"),
) -> None:
    """One JSON record per file, as JSON Lines. Exit code is non-zero only when every file failed."""
    from service.batch import file_id
    from service.pipeline import error_record, extract as extract_one
    from service.time_limit import DocumentTimeout, time_limit, timeout_message

    m = _model(model, no_model)
    out = _open_output(output) if output else sys.stdout
    failed = 0
    try:
        for f in files:
            try:
                with time_limit(timeout):
                    rec = extract_one(f, model=m)
            except DocumentTimeout:
                rec = error_record(str(f), timeout_message(timeout), file_id(f))
            if rec.error:
                failed += 1
                typer.echo(f"error: {rec.error}", err=True)
            out.write(rec.model_dump_json() + "\n")
            out.flush()
    finally:
        if output:
            out.close()
    if failed and failed == len(files):
        raise typer.Exit(1)


@app.command()
def batch(
    inputs: List[str] = typer.Argument(..., metavar="INPUT", help="folders (searched recursively), files or glob patterns"),
    output: Path = typer.Option(..., "-o", "--output", help="OUT.jsonl or OUT.parquet (claims go to OUT.claims.parquet)"),
    workers: int = typer.Option(0, "--workers", min=0, help="parallel worker processes (default: all cores)"),
    resume: bool = typer.Option(False, "--resume", help="skip documents already in the output (by document id)"),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="with --resume: read again the documents that failed (e.g. after a --timeout)"),
    model: Optional[str] = ModelOpt,
    no_model: bool = NoModelOpt,
    progress: bool = typer.Option(True, "--progress/--no-progress"),
    timeout: int = typer.Option(300, "--timeout", help="seconds one document may take before it is stopped and reported (0: no limit)"),
) -> None:
    """Extract many documents in parallel; one bad file never stops the run."""
    from service.batch import collect_inputs, preload_model, run_batch, unsupported_in_folders

    # several inputs: an unquoted glob the shell expanded (`batch reports/*.pdf -o out.jsonl`) is taken as it is
    found = {spec: collect_inputs(spec) for spec in inputs}
    files = sorted({f for fs in found.values() for f in fs})
    if not files:
        typer.echo(f"error: no input documents found at {' '.join(inputs)}", err=True)
        raise typer.Exit(2)
    if output.is_dir():
        typer.echo(f"error: {output} is a folder; give a file name such as {output / 'records.jsonl'}", err=True)
        raise typer.Exit(2)
    if retry_failed and not resume:
        typer.echo("error: --retry-failed goes with --resume (without --resume every document is read anyway)", err=True)
        raise typer.Exit(2)
    _check_writable(output.with_suffix(output.suffix + ".partial.jsonl") if output.suffix == ".parquet" else output)
    preload_model(model, no_model, _model(model, no_model))  # fail early and clearly on a bad --model; workers reuse it
    summary = run_batch(files, output, workers=workers, resume=resume, retry_failed=retry_failed, model_path=model, no_model=no_model, progress=progress,
                        timeout_s=timeout)
    from service.parquet_out import claims_path

    own = {p.resolve() for p in (output, output.with_suffix(output.suffix + ".partial.jsonl"), claims_path(output))}
    summary.ignored = [f for f in unsupported_in_folders(inputs) if f.resolve() not in own]  # not our own output
    summary.not_found = [spec for spec, fs in found.items() if not fs]  # a mistyped name among several inputs
    typer.echo(summary.text(), err=True)


@app.command()
def schema() -> None:
    """Print the record's JSON Schema (generated from the pydantic model)."""
    from service.record import record_json_schema

    typer.echo(json.dumps(record_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host"),
    port: int = typer.Option(8000, "--port"),
    model: Optional[str] = ModelOpt,
    no_model: bool = NoModelOpt,
) -> None:
    """Run the HTTP service (OpenAPI page at /docs; Label Studio ML backend at /setup, /predict, /webhook)."""
    import uvicorn

    from service.api import create_app

    uvicorn.run(create_app(model=_model(model, no_model)), host=host, port=port)


def _mount() -> None:
    try:
        from annotations.cli import annotate_app

        app.add_typer(annotate_app, name="annotate", help="Gold annotations and the Label Studio round trip.")
    except ImportError:  # pragma: no cover
        pass
    try:
        from training.cli import evaluate as evaluate_cmd
        from training.cli import train_app

        app.add_typer(train_app, name="train", help="Train the claim models (spaCy, transformers).")
        app.command(name="evaluate")(evaluate_cmd)
    except ImportError:  # pragma: no cover
        pass


_mount()

if __name__ == "__main__":
    app()
