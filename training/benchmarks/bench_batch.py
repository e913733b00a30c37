"""Benchmark `nianbao batch` (not a test): generate N invented text reports, run the real command on
them, and print reports/second, reports/second per core, and the peak resident memory of the whole
batch (main process + workers, summed at each sample).

    .venv/bin/python training/benchmarks/bench_batch.py --n 2000 --workers 2 --no-model

The aim (issue 2) is at least 200 reports/second per core on text input, rules only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.fixtures.generate import write_reports  # noqa: E402

AIM_PER_CORE = 200.0


class PeakRSS(threading.Thread):
    """Samples the summed RSS of a process and all its descendants (psutil, which the environment
    already has; without it only the largest single process is known, from getrusage)."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak, self.peak_procs = pid, interval, 0, 0
        self._done = threading.Event()

    def run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._done.is_set():
            try:
                procs = [root] + root.children(recursive=True)
            except psutil.NoSuchProcess:
                break
            total = 0
            for p in procs:
                try:
                    total += p.memory_info().rss
                except psutil.NoSuchProcess:
                    pass
            if total > self.peak:
                self.peak, self.peak_procs = total, len(procs)
            time.sleep(self.interval)

    def stop(self) -> None:
        self._done.set()
        self.join()


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return f"{platform.node()} | {cpu} | nproc {cores()} | load {load:.2f} | Python {platform.python_version()} | {platform.system()} {platform.release()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="number of generated reports")
    ap.add_argument("--workers", type=int, default=0, help="batch workers (default: all cores)")
    ap.add_argument("--model", nargs="?", const="", default=None, metavar="PATH",
                    help="use a claim model (the shipped default, or PATH)")
    ap.add_argument("--no-model", dest="model", action="store_const", const=None, help="rules only (the default)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", choices=["jsonl", "parquet"], default="jsonl")
    ap.add_argument("--keep", type=Path, default=None, help="keep the generated reports and output in this folder")
    a = ap.parse_args()

    workdir = a.keep or Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    inputs = workdir / "reports"
    t = time.perf_counter()
    paths = write_reports(inputs, a.n, a.seed)
    gen_s = time.perf_counter() - t
    size = sum(p.stat().st_size for p in paths)
    out = workdir / f"out.{a.out}"
    if out.exists():
        out.unlink()

    exe = REPO / ".venv" / "bin" / "nianbao"
    cmd = ([str(exe)] if exe.exists() else [sys.executable, "-m", "service.cli"])
    cmd += ["batch", str(inputs), "-o", str(out), "--no-progress"]
    if a.workers:
        cmd += ["--workers", str(a.workers)]
    if a.model is None:
        cmd += ["--no-model"]
    elif a.model:
        cmd += ["--model", a.model]
    workers = a.workers or os.cpu_count() or 1
    if a.model is None:
        model_desc = "none (rules only)"
    else:
        from service.claims.model_loader import default_model_path

        path = Path(a.model) if a.model else default_model_path()
        model_desc = f"{path}" + ("" if path.exists() else " (ABSENT: the batch falls back to rules only)")

    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = PeakRSS(proc.pid)
    sampler.start()
    first_record = None
    jsonl = out if a.out == "jsonl" else out.with_suffix(".parquet.partial.jsonl")
    while proc.poll() is None:
        if first_record is None and jsonl.exists() and jsonl.stat().st_size > 0:
            first_record = time.perf_counter() - t0
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    stderr = proc.stderr.read()
    sampler.stop()
    if proc.returncode != 0:
        print(stderr[-3000:], file=sys.stderr)
        sys.exit(f"nianbao batch failed with exit code {proc.returncode}")
    summary = stderr[stderr.rfind("documents:"):].strip()

    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the batch and its (waited-for) workers
    cpu_s = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    largest = after.ru_maxrss * 1024  # KiB on Linux
    used_cores = min(workers, cores())
    rate = a.n / wall
    print(f"machine:            {machine()}")
    print(f"command:            {' '.join(cmd[1:])}")
    print(f"reports:            {a.n} generated text reports, {size / a.n / 1024:.1f} KiB each (generated in {gen_s:.1f} s)")
    print(f"workers:            {workers} (cores used: {used_cores})")
    print(f"claim model:        {model_desc}")
    print(f"wall time:          {wall:.2f} s (first record after {first_record or float('nan'):.2f} s)")
    print(f"reports/second:     {rate:.1f}")
    print(f"reports/s per core: {rate / used_cores:.1f}  (aim {AIM_PER_CORE:.0f}: {'met' if rate / used_cores >= AIM_PER_CORE else 'NOT met'})")
    print(f"CPU time:           {cpu_s:.1f} s (main + workers) -> {a.n / cpu_s:.1f} reports per CPU-second"
          " (what one uncontended core would do; wall-clock figures depend on the machine's load)")
    if sampler.peak:
        print(f"peak RSS (all):     {sampler.peak / 2**20:.0f} MiB summed over {sampler.peak_procs} processes (main + workers)")
    print(f"peak RSS (largest): {largest / 2**20:.0f} MiB (one process, getrusage)")
    print("batch summary:      " + summary.replace("\n", "\n                    "))
    print(json.dumps({"n": a.n, "workers": workers, "cores": used_cores, "wall_s": round(wall, 3),
                      "reports_per_s": round(rate, 2), "reports_per_s_per_core": round(rate / used_cores, 2),
                      "cpu_s": round(cpu_s, 2), "reports_per_cpu_s": round(a.n / cpu_s, 2),
                      "peak_rss_mib": round(sampler.peak / 2**20, 1) if sampler.peak else None,
                      "largest_rss_mib": round(largest / 2**20, 1), "model": a.model is not None}))
    if not a.keep:
        import shutil

        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
