"""Run a fixed set of scenarios with one checkout of textmine, then compare two such sets table by table.

A refactoring must not change outputs (issue #7): this script runs ``textmine run`` on
``corpus/`` and on each corpus of ``../shared/corpora/`` (plus a rerun with nothing changed, a
rerun with one stage's config changed and a rerun that folds one new document in), once with the
code before and once with the code after, and compares every Parquet table of the two sets row
for row and value for value. Run ids, timings and absolute paths are the only things allowed to
differ (see ``VOLATILE``).

    python -m bench.compare_runs produce OUT_ROOT [--checkout DIR]   # runs every scenario
    python -m bench.compare_runs compare ROOT_A ROOT_B                # prints differences

``--checkout`` runs another checkout's code (``PYTHONPATH`` put before the editable install), so
the "before" set can be produced from a ``git worktree`` of the old commit with the same venv.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"

# Corpora run from scratch: the default corpus and every corpus under ../shared/corpora/.
CORPORA = {
    "corpus": ROOT / "corpus",
    "seed": SHARED / "seed",
    "communiques": SHARED / "communiques",
    "granddebat": SHARED / "granddebat-mel-2019",
    "repnum": SHARED / "repnum-2015",
    "rua": SHARED / "rua-2019",
    "report-cnnum": SHARED / "reports" / "cnnum-neutralite-plateformes-2014",
    "report-dinum": SHARED / "reports" / "dinum-reco-api-2022",
}

# Columns that name a run or a moment, not a result.
VOLATILE = {"run_id", "first_run", "last_run", "decided_run", "created_at_run", "last_fit_run"}


def _textmine(args: list[str], checkout: Path, prefect_home: Path) -> int:
    env = dict(os.environ)
    env["PYTHONPATH"] = f"{checkout / 'src'}{os.pathsep}{checkout}"
    env["PREFECT_HOME"] = str(prefect_home)
    env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    env.setdefault("DO_NOT_TRACK", "1")
    command = [str(ROOT / ".venv" / "bin" / "textmine"), "run", *args]
    started = time.perf_counter()
    proc = subprocess.run(command, env=env, cwd=checkout, capture_output=True, text=True)
    print(f"  exit {proc.returncode} in {time.perf_counter() - started:.1f} s: {' '.join(args)}")
    if proc.returncode not in (0, 3):
        print(proc.stdout[-2000:], proc.stderr[-4000:], sep="\n")
    return proc.returncode


def produce(out_root: Path, checkout: Path) -> None:
    """Run every scenario into ``out_root/<scenario>/`` (each a fresh outputs folder)."""
    out_root.mkdir(parents=True, exist_ok=True)
    prefect_home = out_root / ".prefect"
    for name, corpus in CORPORA.items():
        if not corpus.exists():
            print(f"skipped {name}: {corpus} is absent")
            continue
        print(name)
        out = out_root / name
        shutil.rmtree(out, ignore_errors=True)
        _textmine([str(corpus), "--out", str(out)], checkout, prefect_home)
        if name == "corpus":
            # A rerun with nothing changed (reuses the previous run's tables), then one with a
            # clustering setting changed (recomputes that stage only).
            for scenario, extra in (
                ("corpus-rerun", []),
                ("corpus-config", ["--set", "clustering.n_clusters=5"]),
            ):
                target = out_root / scenario
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(out, target, symlinks=True)
                _textmine([str(corpus), "--out", str(target), *extra], checkout, prefect_home)
    # Fold-in: the rua consultation's proposals first, then its arguments added (many new
    # proposals), and the default corpus less one document, then the whole corpus (a small change).
    print("corpus-foldin")
    part = out_root / "_corpus_part"
    shutil.rmtree(part, ignore_errors=True)
    shutil.copytree(CORPORA["corpus"], part)
    (part / "communique-2016-03-14-plan-inclusion-numerique.txt").unlink()
    target = out_root / "corpus-foldin"
    shutil.rmtree(target, ignore_errors=True)
    _textmine([str(part), "--out", str(target)], checkout, prefect_home)
    shutil.copy(CORPORA["corpus"] / "communique-2016-03-14-plan-inclusion-numerique.txt", part)
    _textmine([str(part), "--out", str(target)], checkout, prefect_home)


def _normalise(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop(columns=[c for c in frame.columns if c in VOLATILE])
    return frame.reset_index(drop=True)


def _tables(run: Path) -> dict[str, Path]:
    return {
        p.relative_to(run).as_posix(): p
        for p in sorted(run.rglob("*.parquet"))
        if "_work" not in p.parts
    }


def compare(root_a: Path, root_b: Path) -> int:
    """Print each scenario's differing tables; return the number of differences."""
    differences = 0
    for scenario in sorted(p.name for p in root_a.iterdir() if (p / "latest").exists()):
        run_a, run_b = root_a / scenario / "latest", root_b / scenario / "latest"
        if not run_b.exists():
            print(f"{scenario}: missing in {root_b}")
            differences += 1
            continue
        tables_a, tables_b = _tables(run_a.resolve()), _tables(run_b.resolve())
        rows = 0
        bad: list[str] = []
        for name in sorted(set(tables_a) | set(tables_b)):
            if name not in tables_a or name not in tables_b:
                bad.append(f"{name} only in {'A' if name in tables_a else 'B'}")
                continue
            a = _normalise(pd.read_parquet(tables_a[name]))
            b = _normalise(pd.read_parquet(tables_b[name]))
            rows += len(a)
            try:
                pd.testing.assert_frame_equal(a, b, check_exact=True)
            except AssertionError as error:
                bad.append(f"{name}: {str(error).splitlines()[0:4]}")
        manifest_a = json.loads((run_a / "manifest.json").read_text())
        manifest_b = json.loads((run_b / "manifest.json").read_text())
        for key in ("counts", "config"):
            if manifest_a.get(key) != manifest_b.get(key):
                bad.append(f"manifest.json {key} differs")
        status = "identical" if not bad else f"{len(bad)} differences"
        print(f"{scenario}: {len(tables_a)} tables, {rows} rows: {status}")
        for line in bad:
            print(f"    {line}")
        differences += len(bad)
    return differences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("produce")
    p.add_argument("out_root", type=Path)
    p.add_argument("--checkout", type=Path, default=ROOT)
    c = sub.add_parser("compare")
    c.add_argument("root_a", type=Path)
    c.add_argument("root_b", type=Path)
    args = parser.parse_args()
    if args.command == "produce":
        produce(args.out_root.resolve(), args.checkout.resolve())
    else:
        sys.exit(1 if compare(args.root_a, args.root_b) else 0)


if __name__ == "__main__":
    main()
