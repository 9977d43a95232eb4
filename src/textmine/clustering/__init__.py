"""Clustering of proposals with scikit-learn, labels, representatives and stable cluster ids.

Modules: ``representation`` (``ProposalVectorizer``, title lemmas, the default representation),
``algorithms`` (number of clusters, consensus spectral clustering, the default algorithm),
``duplicates`` (near-duplicate proposals), ``identity`` (stable ids across runs, matching to the
previous run, fold-in of new proposals), ``labels`` (top terms, labels, descriptions, the
``clusters`` table with representatives), ``written`` (labels and descriptions as written in
the members' texts), ``cluster`` (the entry point), ``stage`` (the clustering stage of a run:
:func:`cluster_stage` decides between a refit and a fold-in and clusters; :func:`previous_clustering`
reads the previous run's clusters as the clustering made them).

Interface used by ``flows/``:

- ``cluster_proposals(proposals, config=None, previous=None, vocab=None, vectors=None,
  fold_in=False, phrases=None, *, representation=vectorize_proposals, algorithm=fit_labels)
  -> (proposals, clusters)``: returns the ``proposals`` table with ``cluster_id``,
  ``cluster_label`` and ``duplicate_of`` filled, and the ``clusters`` table (one row per cluster
  plus the ``-1`` "unclustered" group). ``previous`` is the previous run's ``proposals`` table:
  clusters that persist keep their ids and labels; with ``fold_in`` the proposals it holds keep
  their cluster and only the new ones are placed. ``vocab`` is a loaded spaCy ``Vocab`` whose
  word vectors are read for the lemmas (nothing is re-parsed); ``vectors`` is either a mapping
  ``lemma -> vector`` or a matrix with one row per proposal (in input order). Both are optional:
  without them the vector-based representations fall back to LSA. ``phrases`` (a
  ``PhraseIndex``: the corpus's key terms and their written forms) gives the phrases labels are
  chosen from, and makes top terms readable corpus phrases.

Parameters for experiments (``bench/``), so that none patches the library:

- ``representation``: a :class:`Representation`, ``(lemmas, titles, config, vocab=None,
  word_vectors=None) -> rows``; the default :func:`vectorize_proposals` is the
  ``ProposalVectorizer`` that ``config.representation`` names (its ``vectorizer=`` takes a
  subclass).
- ``algorithm``: an :class:`Algorithm`, ``(matrix, k, config) -> labels 0..k-1``; the default
  :func:`fit_labels` runs the one ``config.algorithm`` names.

Other public names: ``ProposalVectorizer``, ``estimate_title_lemmas``, ``REPRESENTATIONS``,
``choose_n_clusters``, ``consensus_spectral``, ``find_near_duplicates``, ``label_clusters``,
``match_previous_clusters``, ``UNCLUSTERED`` (``-1``) and ``UNCLUSTERED_LABEL``.

How it works. Proposals are sorted by ``proposal_id`` so the result does not depend on input
order. Near-duplicates (same normalised text, or TF-IDF cosine >= ``duplicate_threshold`` found
through MinHash buckets, sub-quadratic) are linked to the smallest proposal id of their group
and counted once: only the distinct proposals are clustered, duplicates inherit the cluster.
The default (chosen by measurement on three labelled consultations, see ``bench/RESULTS.md``,
C1-C4, and ``bench/cluster_labelled.py``)
represents a proposal by the TF-IDF of its lemma uni+bi-grams plus ``title_weight`` times that
of its title's lemmas (``estimate_title_lemmas``: titles are short and on topic), joined with
``vector_weight`` times its SIF-weighted mean word vector when a spaCy vocab with vectors is
given, and clusters it by a consensus of spectral clusterings on several k-nearest-neighbour
graphs (``consensus_spectral``); above ``max_exact_size`` distinct proposals, the LSA of that
TF-IDF joined with the SIF vectors is clustered by MiniBatchKMeans (linear time and memory). With
``n_clusters="auto"`` the number of clusters is ``sqrt(n / 2)`` within the configured bounds
(see ``choose_n_clusters`` for why). Proposals least similar to
their cluster centroid (``unclustered_share`` of them), members of clusters smaller than
``min_cluster_size`` and proposals without content lemmas go to the unclustered group ``-1``.
Labels are noun phrases as written in at least two of the cluster's texts: the corpus key term
that best characterises it (class-based TF-IDF against the other clusters), unique across
clusters and holding no stop term (``written``); descriptions are the best matching sentence of
its most central members.
"""

from textmine.clustering.algorithms import (
    UNCLUSTERED,
    Algorithm,
    choose_n_clusters,
    consensus_spectral,
    fit_labels,
)
from textmine.clustering.cluster import cluster_proposals
from textmine.clustering.duplicates import find_near_duplicates
from textmine.clustering.identity import match_previous_clusters
from textmine.clustering.labels import UNCLUSTERED_LABEL, label_clusters
from textmine.clustering.representation import (
    DEFAULT_REPRESENTATION,
    LARGE_REPRESENTATION,
    REPRESENTATIONS,
    ProposalVectorizer,
    Representation,
    estimate_title_lemmas,
    vectorize_proposals,
)
from textmine.clustering.stage import cluster_stage, previous_clustering, proposal_lexicon_tags

__all__ = [
    "DEFAULT_REPRESENTATION",
    "LARGE_REPRESENTATION",
    "REPRESENTATIONS",
    "UNCLUSTERED",
    "UNCLUSTERED_LABEL",
    "Algorithm",
    "ProposalVectorizer",
    "Representation",
    "choose_n_clusters",
    "cluster_proposals",
    "cluster_stage",
    "consensus_spectral",
    "estimate_title_lemmas",
    "find_near_duplicates",
    "fit_labels",
    "label_clusters",
    "match_previous_clusters",
    "previous_clustering",
    "proposal_lexicon_tags",
    "vectorize_proposals",
]
