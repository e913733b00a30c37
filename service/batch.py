"""`nianbao batch`: many documents in parallel workers, results written as they arrive (so a killed run
loses nothing already written), `--resume` by document id, one bad file never stops the run."""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from tqdm import tqdm

from service.config import load_config
from service.record import Record

_MODEL: object | None = None


def _init_worker(model_path: Optional[str], no_model: bool) -> None:
    global _MODEL
    from service.models import resolve_model

    _MODEL = resolve_model(model_path, no_model)


def _work(path: str) -> str:
    from service.pipeline import extract

    return extract(path, model=_MODEL).model_dump_json()


def file_id(path: Path) -> Optional[str]:
    h = hashlib.sha256()
    try:
        with path.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


def collect_inputs(spec: str) -> list[Path]:
    """A folder (recursively, by the extensions in configs/service.yaml) or a glob pattern."""
    p = Path(spec)
    exts = set(load_config("service.yaml")["batch_extensions"])
    if p.is_dir():
        files = [f for f in p.rglob("*") if f.is_file() and (f.suffix.lower() in exts)]
    elif p.is_file():
        files = [p]
    else:
        files = [Path(f) for f in glob.glob(spec, recursive=True) if Path(f).is_file()]
    return sorted(files)


@dataclass
class Summary:
    documents: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    tables_found: int = 0
    checks_failed: int = 0
    claims: int = 0

    def text(self) -> str:
        lines = [
            f"documents: {self.documents} processed, {self.skipped} skipped (already in output)",
            f"tables found: {self.tables_found}",
            f"claims: {self.claims}",
            f"checks failed: {self.checks_failed}",
            f"errors: {len(self.errors)}",
        ]
        lines += [f"  {e}" for e in self.errors]
        return "\n".join(lines)


def _account(summary: Summary, rec: dict) -> None:
    summary.documents += 1
    if rec.get("error"):
        summary.errors.append(rec["error"])
        return
    summary.tables_found += sum(1 for t in rec["tables"].values() if t is not None)
    summary.checks_failed += sum(1 for c in rec["checks"] if c["status"] == "fail")
    summary.claims += len(rec["claims"])


def _done_keys(jsonl: Path) -> set[str]:
    keys: set[str] = set()
    if not jsonl.exists():
        return keys
    with jsonl.open(encoding="utf-8") as f:
        for line in f:
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut short by a kill: the document is done again
            keys.add(rec["document"].get("id") or rec["document"]["source"])
    return keys


def _truncate_partial_line(jsonl: Path) -> None:
    """After a kill, the last line may be cut short: drop it so the file stays valid JSON Lines."""
    if not jsonl.exists():
        return
    data = jsonl.read_bytes()
    if data and not data.endswith(b"\n"):
        jsonl.write_bytes(data[: data.rfind(b"\n") + 1])


def run_batch(
    inputs: Iterable[Path],
    out: Path,
    workers: int = 0,
    resume: bool = False,
    model_path: Optional[str] = None,
    no_model: bool = False,
    progress: bool = True,
) -> Summary:
    parquet = out.suffix == ".parquet"
    jsonl = out.with_suffix(out.suffix + ".partial.jsonl") if parquet else out
    jsonl.parent.mkdir(parents=True, exist_ok=True)
    if resume:
        _truncate_partial_line(jsonl)
    elif jsonl.exists():
        jsonl.unlink()
    done = _done_keys(jsonl) if resume else set()
    todo: list[Path] = []
    summary = Summary()
    for p in inputs:
        key = file_id(p) or str(p)
        if key in done or str(p) in done:
            summary.skipped += 1
            continue
        todo.append(p)
    workers = workers or os.cpu_count() or 1
    bar = tqdm(total=len(todo), disable=not progress, unit="doc", file=sys.stderr)
    with jsonl.open("a", encoding="utf-8") as f:
        remaining = list(todo)
        while remaining:
            try:
                with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model_path, no_model)) as ex:
                    futs = {ex.submit(_work, str(p)): p for p in remaining}
                    for fut in as_completed(futs):
                        p = futs[fut]
                        try:
                            line = fut.result()
                        except BrokenProcessPool:
                            raise
                        except Exception as e:  # noqa: BLE001 - one bad file never stops the run
                            from service.pipeline import error_record

                            line = error_record(str(p), f"worker failed ({type(e).__name__}: {e})", file_id(p)).model_dump_json()
                        f.write(line + "\n")
                        f.flush()
                        _account(summary, json.loads(line))
                        remaining.remove(p)
                        bar.update(1)
            except BrokenProcessPool:
                # a worker died (e.g. killed by the OS on a pathological file): record the first
                # unfinished file as failed so the run cannot loop, and go on with the rest
                if remaining:
                    from service.pipeline import error_record

                    p = remaining.pop(0)
                    line = error_record(str(p), "worker process died while reading this file", file_id(p)).model_dump_json()
                    f.write(line + "\n")
                    f.flush()
                    _account(summary, json.loads(line))
                    bar.update(1)
    bar.close()
    finalise(jsonl, out if parquet else None)
    return summary


def finalise(jsonl: Path, parquet: Optional[Path]) -> None:
    """Add the cross-document checks, then write parquet (documents + claims) if asked."""
    from service.cross_document import cross_year_checks

    records = []
    with jsonl.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                records.append(Record.model_validate_json(line))
    extra = cross_year_checks(records)
    if extra:
        for i, checks in extra.items():
            records[i].checks = [c for c in records[i].checks if not c.id.startswith("cross_year.")] + checks
        tmp = jsonl.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            for r in records:
                f.write(r.model_dump_json() + "\n")
        os.replace(tmp, jsonl)
    if parquet is not None:
        from service.parquet_out import write_parquet

        write_parquet(records, parquet)
