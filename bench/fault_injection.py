"""Fault injection: does every fault leave a state the next plain run recovers from, losing no row?

Faults, each injected into a copy of the same previous state P (an outputs folder after a clean
run and an unchanged rerun on the first ``--before`` rows of repnum-2015's ``proposals_gold_sections.csv``; the faulty
run is on the first ``--rows`` rows, so it parses new documents):

- ``--kills`` runs (default 20) killed with SIGKILL or SIGTERM (the run's process only, as a
  scheduler or the OOM killer does) at a random moment of the run (fixed ``--seed``);
- a disk that fills up mid-run (a small tmpfs; needs root, else skipped with a message);
- truncated cache entries (a parse, a stage's rows, a file read) and a truncated table of P;
- two runs racing on one outputs folder;
- a review sheet saved by a spreadsheet in Windows-1252 with an extra column and a blank line
  (compared with the same sheet in UTF-8).

After each fault the next plain run must exit 0 or 3, its Parquet tables must equal those of a
clean run from P (compared as ``bench/compare_runs.py`` does), and no process whose command line
names the run's outputs folder may be left. Killed runs must show as Crashed in Prefect (each
SIGKILLed run's state is printed: Crashed, Completed when the kill came after the flow had ended,
"none" when it came before the flow run existed), and no flow run may be left Running or Pending.
Prints the counts: faults injected, runs recovered, rows lost (goal zero).

    nice -n 19 .venv/bin/python -m bench.fault_injection [--kills 20] [--seed 0] [--work DIR]

All runs report to one Prefect server started for the script (its database in ``WORK/.prefect``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from bench.compare_runs import _normalise, _tables

ROOT = Path(__file__).resolve().parents[1]
REPNUM = ROOT.parent / "shared" / "corpora" / "repnum-2015" / "proposals_gold_sections.csv"


class Bench:
    def __init__(self, work: Path, api_url: str, timeout: float):
        self.work = work
        self.api_url = api_url
        self.timeout = timeout
        self.injected = 0
        self.recovered = 0
        self.rows_lost = 0
        self.problems: list[str] = []

    def env(self) -> dict[str, str]:
        env = dict(os.environ, PREFECT_API_URL=self.api_url)
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
        return env

    def start(self, corpus: Path, out: Path) -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "textmine.cli", "run", str(corpus), "--out", str(out)]
        return subprocess.Popen(
            command,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )

    def run(self, corpus: Path, out: Path) -> tuple[int, str, float]:
        started = time.perf_counter()
        process = self.start(corpus, out)
        try:
            _, stderr = process.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            _, stderr = process.communicate()
            stderr += "\n(timed out)"
        return process.returncode, stderr, time.perf_counter() - started

    def recover(self, name: str, corpus: Path, out: Path, clean: Path) -> None:
        """The next plain run after a fault: exit 0/3, equal tables, nothing left behind."""
        self.injected += 1
        left = wait_no_process(out)
        code, stderr, seconds = self.run(corpus, out)
        lost, differences = compare_tables(out, clean) if code in (0, 3) else (0, ["no run"])
        left += wait_no_process(out)
        ok = code in (0, 3) and not differences and not left
        self.recovered += ok
        self.rows_lost += lost
        status = "recovered" if ok else "NOT RECOVERED"
        print(f"  {name}: next run exit {code} in {seconds:.1f} s, {status}", flush=True)
        if not ok:
            tail = stderr.strip().splitlines()[-3:]
            detail = f"exit {code}; {differences[:3]}; processes left {left}; {tail}"
            self.problems.append(f"{name}: {detail}")
            print(f"    {detail}")


def processes_of(out: Path) -> list[int]:
    """Live processes whose command line names ``out`` (a run and its forked children)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[-1].split()[0]
        except OSError:
            continue
        if str(out).encode() in args and state != "Z":
            found.append(int(entry.name))
    return found


def wait_no_process(out: Path, wait: float = 10.0) -> list[int]:
    deadline = time.monotonic() + wait
    while processes_of(out) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = processes_of(out)
    for pid in left:  # do not let one leftover spoil the next fault
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    return left


def compare_tables(out: Path, clean: Path) -> tuple[int, list[str]]:
    """Rows of the clean run's tables missing from ``out``'s, and the tables that differ."""
    tables_a, tables_b = _tables(clean.resolve()), _tables((out / "latest").resolve())
    lost, bad = 0, []
    for name in sorted(set(tables_a) | set(tables_b)):
        if name not in tables_b or name not in tables_a:
            bad.append(f"{name} only in {'clean' if name in tables_a else 'this'} run")
            if name in tables_a:
                lost += len(pd.read_parquet(tables_a[name]))
            continue
        a, b = (
            _normalise(pd.read_parquet(tables_a[name])),
            _normalise(pd.read_parquet(tables_b[name])),
        )
        lost += max(len(a) - len(b), 0)
        try:
            pd.testing.assert_frame_equal(b, a, check_exact=True)
        except AssertionError as error:
            bad.append(f"{name}: {str(error).splitlines()[:3]}")
    return lost, bad


def copy_state(state: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(state, target, symlinks=True)
    return target


def write_rows(source: Path, target: Path, n_rows: int) -> None:
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows[: n_rows + 1])


def fill_disk(filler: Path) -> None:
    """Write ``filler`` until its file system is full (the run writes beside it meanwhile)."""
    chunk = b"\0" * (256 * 1024)
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(chunk)
        except OSError as error:
            if error.errno != errno.ENOSPC:
                raise


@contextlib.contextmanager
def small_disk(path: Path, size_mib: int):
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mib}m", "tmpfs", str(path)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        yield None, done.stderr.strip()
        return
    try:
        yield path, ""
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def review_sheet(clean: Path, target: Path, encoding: str) -> None:
    """A reviewer's proposals sheet: one rejection, an extra column, a blank line."""
    with (clean / "review" / "proposals_review.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header, first, second = rows[0], rows[1], rows[2]
    first[header.index("decision")] = "rejeter"
    first[header.index("note")] = "Trop général — à préciser"
    target.mkdir(parents=True, exist_ok=True)
    with (target / "proposals_review.csv").open(
        "w", encoding=encoding, errors="replace", newline=""
    ) as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow([*header, "Commentaire interne"])
        writer.writerow([*first, "vu en réunion"])
        writer.writerow([])
        writer.writerow([*second, ""])


def killed_run_states(api_url: str, pids: list[int]) -> dict[int, str]:
    """The state of each SIGKILLed run's flow run ("none": killed before it was created).

    Crashed is the goal; Completed means the kill came after the flow had ended (the command was
    exiting); Running or Pending would be a run left for good.
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterTags
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.crashed import PID_TAG

    states = {}
    with temporary_settings(updates={PREFECT_API_URL: api_url}), get_client(sync_client=True) as c:
        for pid in pids:
            tags = FlowRunFilterTags(all_=[f"{PID_TAG}{pid}"])
            runs = c.read_flow_runs(flow_run_filter=FlowRunFilter(tags=tags))
            states[pid] = ",".join(r.state.type.value for r in runs if r.state) or "none"
    return states


def runs_left_running(api_url: str) -> int:
    """Flow runs of any process still Running or Pending once every run has ended."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.settings import PREFECT_API_URL, temporary_settings

    types = FlowRunFilterStateType(any_=[StateType.RUNNING, StateType.PENDING])
    with temporary_settings(updates={PREFECT_API_URL: api_url}), get_client(sync_client=True) as c:
        return len(
            c.read_flow_runs(flow_run_filter=FlowRunFilter(state=FlowRunFilterState(type=types)))
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20, help="runs killed (default 20)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--before", type=int, default=150, help="rows of the previous state")
    parser.add_argument("--rows", type=int, default=250, help="rows of the faulty runs")
    parser.add_argument("--work", type=Path, default=Path("/tmp/textmine-fault-injection"))
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run at most")
    args = parser.parse_args()
    if not REPNUM.exists():
        sys.exit(f"fault_injection: {REPNUM} is absent (../shared/corpora/repnum-2015/): skipped")
    rng = random.Random(args.seed)
    started = time.perf_counter()
    work = args.work.resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    os.environ["PREFECT_HOME"] = str(work / ".prefect")
    sys.path.insert(0, str(ROOT))
    from flows.local_server import start_local_server

    server = start_local_server()
    if server is None or not server.wait_until_ready(120):
        sys.exit("fault_injection: the Prefect server did not start")
    bench = Bench(work, server.api_url, args.timeout)

    # The previous state P, and the clean run from it that every recovery must equal.
    corpus_before, corpus = work / "corpus-before", work / "corpus"
    write_rows(REPNUM, corpus_before / "proposals.csv", args.before)
    write_rows(REPNUM, corpus / "proposals.csv", args.rows)
    state = work / "state"
    code, stderr, seconds = bench.run(corpus_before, state)
    print(f"previous state: {args.before} rows, exit {code} in {seconds:.1f} s")
    if code not in (0, 3):
        sys.exit(stderr)
    # An unchanged rerun, as a daily schedule makes: the state holds two runs, so a damaged
    # latest run has an older intact one to build on (runs.readable_previous_run).
    time.sleep(1.1)  # run ids are to the second
    code, stderr, seconds = bench.run(corpus_before, state)
    print(f"unchanged rerun: exit {code} in {seconds:.1f} s")
    if code not in (0, 3):
        sys.exit(stderr)
    clean_out = copy_state(state, work / "clean")
    code, stderr, clean_seconds = bench.run(corpus, clean_out)
    print(f"clean run from it: {args.rows} rows, exit {code} in {clean_seconds:.1f} s")
    if code not in (0, 3):
        sys.exit(stderr)
    clean = (clean_out / "latest").resolve()

    print(f"kills ({args.kills}, seed {args.seed}):")
    killed_pids, kill_delays = [], {}
    for i in range(args.kills):
        sig = rng.choice([signal.SIGKILL, signal.SIGTERM])
        delay = rng.uniform(0.5, clean_seconds)
        out = copy_state(state, work / f"kill-{i:02d}")
        process = bench.start(corpus, out)
        try:
            process.wait(timeout=delay)
            note = "finished before the signal"
        except subprocess.TimeoutExpired:
            os.kill(process.pid, sig)
            process.communicate(timeout=120)
            note = f"exit {process.returncode}"
            if sig == signal.SIGKILL:
                killed_pids.append(process.pid)
                kill_delays[process.pid] = delay
        print(f"  {sig.name} at {delay:.1f} s: {note}")
        bench.recover(f"kill {i} ({sig.name})", corpus, out, clean)
        if sig == signal.SIGKILL and process.pid in kill_delays:
            flow_state = killed_run_states(server.api_url, [process.pid])[process.pid]
            print(f"    its flow run after the next run: {flow_state}", flush=True)
        shutil.rmtree(out, ignore_errors=True)

    print("disk full:")
    if os.geteuid() != 0:
        print("  skipped: mounting a small tmpfs needs root")
    else:
        size = 64
        with small_disk(work / "disk", size) as (disk, error):
            if disk is None:
                print(f"  skipped: cannot mount a tmpfs ({error})")
            else:
                out = copy_state(state, disk / "outputs")

                # The run starts with room (the check before Prefect passes), then the disk fills
                # up under it: a file takes all the free space a random moment into the run.
                delay = rng.uniform(0.3, 0.8) * clean_seconds
                disk_started = time.perf_counter()
                process = bench.start(corpus, out)
                time.sleep(delay)
                filler = disk / "filler"
                if process.poll() is None:
                    fill_disk(filler)
                _, stderr = process.communicate(timeout=args.timeout)
                code, seconds = process.returncode, time.perf_counter() - disk_started
                lines = [line for line in stderr.splitlines() if line.strip()]
                print(
                    f"  disk filled at {delay:.1f} s: exit {code} in {seconds:.1f} s, "
                    f"{len(lines)} line(s) on stderr"
                )
                if code != 4 or len(lines) != 1:
                    bench.problems.append(f"disk full: exit {code}, stderr {lines[:3]}")
                filler.unlink(missing_ok=True)
                bench.recover("disk full", corpus, out, clean)

    print("truncated cache entries and previous tables:")
    out = copy_state(state, work / "truncated")
    cache = out / ".cache"
    for pattern in ("docs/*/*.spacy", "stages/proposals/*/*.pkl", "stages/ingest/*/*.pkl"):
        entries = sorted(cache.glob(pattern))
        for path in rng.sample(entries, min(3, len(entries))):
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2])
    previous = (out / "latest").resolve()
    for table in ("analysis/entities.parquet", "proposals.parquet"):
        path = previous / table
        data = path.read_bytes()
        path.unlink()  # a hard link may share it with the state: write a new file
        path.write_bytes(data[: len(data) // 2])
    bench.recover("truncated entries", corpus, out, clean)

    print("two runs racing:")
    out = copy_state(state, work / "race")
    first, second = bench.start(corpus, out), bench.start(corpus, out)
    codes = sorted(p.wait(timeout=args.timeout) for p in (first, second))
    print(f"  exits {codes}")
    if codes not in ([0, 0], [0, 2], [0, 3], [2, 3], [3, 3]):
        bench.problems.append(f"race: exits {codes}")
    # The winner's run is the clean run; the next plain run reuses it.
    bench.recover("race", corpus, out, clean)

    print("review sheet in Windows-1252 with an extra column and a blank line:")
    reviewed = work / "corpus-reviewed"
    shutil.copytree(corpus, reviewed)
    review_sheet(clean, reviewed / "review", "utf-8-sig")
    utf8 = copy_state(state, work / "review-utf8")
    code, stderr, _ = bench.run(reviewed, utf8)
    review_sheet(clean, reviewed / "review", "cp1252")
    out = copy_state(state, work / "review-cp1252")
    bench.recover("Windows-1252 sheet", reviewed, out, (utf8 / "latest").resolve())

    states = killed_run_states(server.api_url, killed_pids)
    left_running = runs_left_running(server.api_url)
    server.stop()
    print("SIGKILLed runs in Prefect:")
    for pid, state in states.items():
        print(f"  killed at {kill_delays[pid]:.1f} s: {state}")
    crashed = sum(state == "CRASHED" for state in states.values())
    if left_running:
        bench.problems.append(f"{left_running} flow run(s) left Running or Pending")
    print(
        f"\nfaults injected: {bench.injected}; runs recovered: {bench.recovered}; "
        f"rows lost: {bench.rows_lost}; SIGKILLed runs shown as Crashed: "
        f"{crashed}/{len(killed_pids)}; flow runs left Running or Pending: {left_running}; "
        f"{time.perf_counter() - started:.0f} s in all"
    )
    for problem in bench.problems:
        print(f"  problem: {problem}")
    sys.exit(1 if bench.problems or bench.rows_lost else 0)


if __name__ == "__main__":
    main()
