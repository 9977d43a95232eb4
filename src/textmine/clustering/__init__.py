"""Clustering of proposals with scikit-learn, labels, representatives and stable cluster ids.

Modules: ``representation`` (``ProposalVectorizer``, title lemmas, the default representation),
``algorithms`` (number of clusters, consensus spectral clustering, the default algorithm),
``duplicates`` (near-duplicate proposals), ``identity`` (stable ids across runs, matching to the
previous run, fold-in of new proposals), ``labels`` (top terms, labels, descriptions, the
``clusters`` table with representatives), ``written`` (labels and descriptions as written in
the members' texts), ``cluster`` (the entry point), ``groups`` (the top level: broad groups of
clusters, their stable ids, labels and representatives), ``stage`` (the clustering stage of a run:
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
  ``lemma -> vector`` or a matrix with one row per proposal (in input order): the proposals'
  sentence embeddings, which the ``_use`` representations (and ``auto``) weight and join. Both
  are optional: without them the vector-based representations fall back to LSA, and the ``_use``
  ones to their lexical part. ``phrases`` (a ``PhraseIndex``: the corpus's key terms and their
  written forms) gives the phrases labels are chosen from, and makes top terms readable corpus
  phrases.

- ``cluster_in_groups(proposals, ...same parameters...) -> (proposals, clusters, groups)``: the
  two levels: ``cluster_proposals`` then ``group_clusters``, which gathers the clusters into broad
  groups (``proposals.group_id``/``group_label``, ``clusters.group_id``, the ``cluster_groups``
  table) by agglomerative clustering (Ward) of their normalised centroids in the rows
  ``cluster_proposals`` clustered (its ``on_rows`` hook); see :mod:`.groups`.

Parameters for experiments (``bench/``), so that none patches the library:

- ``representation``: a :class:`Representation`, ``(lemmas, titles, config, vocab=None,
  word_vectors=None, *, embeddings=None) -> rows`` (``embeddings`` passed only to a
  representation that reads them); the default :func:`vectorize_proposals` is the
  ``ProposalVectorizer`` that ``config.representation`` names (its ``vectorizer=`` takes a
  subclass).
- ``algorithm``: an :class:`Algorithm`, ``(matrix, k, config) -> labels 0..k-1``; the default
  :func:`fit_labels` runs the one ``config.algorithm`` names.

Other public names: ``ProposalVectorizer``, ``estimate_title_lemmas``, ``REPRESENTATIONS``,
``EMBEDDING_REPRESENTATION``, ``choose_n_clusters``, ``consensus_spectral``, ``agglomerative``, ``find_near_duplicates``, ``label_clusters``,
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

Sentence embeddings (issue 17). With ``embeddings="use"`` the flow passes the proposals'
Universal Sentence Encoder vectors (computed once per distinct text in the analysis workers and
cached, :mod:`textmine.embeddings`) as ``vectors``. The ``_use`` representations (``tfidf_use``,
``lsa_use``, ``tfidf_sif_use``, ``lsa_sif_use``) join each block L2-normalised row-wise: the
lexical one with weight 1, the SIF one with ``vector_weight``, the embeddings with
``embedding_weight`` (0.43: the default rows and the embeddings at 0.7 / 0.3), then normalise
the row; ``use`` is the embeddings alone. ``representation="auto"`` is then ``tfidf_sif_use``
(``lsa_sif_use`` above ``max_exact_size``, where MiniBatchKMeans clusters the joined rows), and
the encoder reads the first ``embedding_max_pieces`` (32) wordpieces of each text. ``algorithm`` may also be ``"agglomerative"``
(average link on cosine distances) or ``"ward"`` (Ward on the normalised rows), both exact and
deterministic, replaced by MiniBatchKMeans above ``max_exact_size``. The defaults of
representation, weights and algorithm were chosen by leaving one corpus out over 9 labelled
views (``bench/cluster_loso.py``, RESULTS C20: +0.063 NMI over the best naive baseline held out,
ahead on every view); without embeddings (``"none"``, or a failed encoder) everything is as before.
"""

from textmine.clustering.algorithms import (
    UNCLUSTERED,
    Algorithm,
    agglomerative,
    choose_n_clusters,
    consensus_spectral,
    fit_labels,
)
from textmine.clustering.cluster import cluster_proposals
from textmine.clustering.duplicates import find_near_duplicates
from textmine.clustering.groups import (
    ClusterRows,
    choose_n_groups,
    cluster_in_groups,
    group_clusters,
)
from textmine.clustering.identity import match_previous_clusters
from textmine.clustering.labels import UNCLUSTERED_LABEL, label_clusters
from textmine.clustering.representation import (
    DEFAULT_REPRESENTATION,
    EMBEDDING_REPRESENTATION,
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
    "EMBEDDING_REPRESENTATION",
    "LARGE_REPRESENTATION",
    "REPRESENTATIONS",
    "UNCLUSTERED",
    "UNCLUSTERED_LABEL",
    "Algorithm",
    "ClusterRows",
    "ProposalVectorizer",
    "Representation",
    "agglomerative",
    "choose_n_clusters",
    "choose_n_groups",
    "cluster_in_groups",
    "cluster_proposals",
    "cluster_stage",
    "consensus_spectral",
    "estimate_title_lemmas",
    "find_near_duplicates",
    "fit_labels",
    "group_clusters",
    "label_clusters",
    "match_previous_clusters",
    "previous_clustering",
    "proposal_lexicon_tags",
    "vectorize_proposals",
]
