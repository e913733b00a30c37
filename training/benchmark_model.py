"""Benchmark `nianbao batch` with the default claim model: reports/second and peak memory.

The inputs are the whole reports under ../shared (seeds, corpus/text, corpus/pdf), each copied
`--repeat` times into a temporary folder (never into the repo). `nianbao batch` runs as a
subprocess, once with the default model and once with `--no-model` for comparison; peak memory
is the largest resident set of any of its processes (getrusage of the waited-for children).

    python -m training.benchmark_model [--repeat 4] [--workers 2]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotations.standoff import REPO, shared_root


def inputs(root: Path) -> list[Path]:
    files = sorted((root / "seeds").glob("*.txt"))
    files += sorted((root / "corpus" / "text").glob("*.txt")) + sorted((root / "corpus" / "pdf").glob("*.pdf"))
    return files


def run(folder: Path, out: Path, workers: int, extra: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one `nianbao batch` run in a fresh process."""
    cmd = [sys.executable, "-m", "service.cli", "batch", str(folder), "-o", str(out), "--workers", str(workers),
           "--no-progress", *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=REPO, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    secs = time.perf_counter() - t0
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return secs, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=4, help="copies of each report")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--model", help="model dir (default: the shipped one)")
    a = ap.parse_args()
    files = inputs(shared_root())
    if not files:
        sys.exit(f"no reports under {shared_root()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for k in range(a.repeat):
            for f in files:
                shutil.copy(f, folder / f"{k}_{f.name}")
        n = a.repeat * len(files)
        chars = 0
        for label, extra in (("no model", ["--no-model"]), ("default model", ["--model", a.model] if a.model else [])):
            out = Path(tmp) / f"out_{len(extra)}.jsonl"
            secs, peak = run(folder, out, a.workers, extra)
            if not chars:
                import json

                chars = sum(json.loads(line)["document"]["chars"] for line in out.read_text(encoding="utf-8").splitlines())
            print(f"{label:14s} {n} reports ({chars} chars) in {secs:.1f} s: {n / secs:.2f} reports/s, "
                  f"peak memory {peak:.0f} MB (workers={a.workers}, incl. process start-up and model load)")


if __name__ == "__main__":
    main()
