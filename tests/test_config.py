from pathlib import Path

import pytest

from textmine.config import ConfigError, load_config


def test_defaults_without_a_file():
    config = load_config()
    assert config.nlp.model == "fr_core_news_md"
    assert config.clustering.n_clusters == "auto"


def test_toml_file_and_set_overrides(tmp_path: Path):
    path = tmp_path / "textmine.toml"
    path.write_text("[clustering]\nn_clusters = 8\n[nlp]\nbatch_size = 8\n", encoding="utf-8")
    config = load_config(path, ["clustering.n_clusters=12", "output.csv=false"])
    assert config.clustering.n_clusters == 12
    assert config.nlp.batch_size == 8
    assert config.output.csv is False


def test_yaml_file(tmp_path: Path):
    path = tmp_path / "textmine.yaml"
    path.write_text(
        "themes:\n  lexicon:\n    inclusion: [médiation numérique, aidants]\n", encoding="utf-8"
    )
    config = load_config(path)
    assert config.themes.lexicon == {"inclusion": ["médiation numérique", "aidants"]}


def test_unknown_key_is_rejected_with_its_path(tmp_path: Path):
    path = tmp_path / "textmine.toml"
    path.write_text("[clustering]\nn_cluster = 8\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"clustering\.n_cluster : clé inconnue"):
        load_config(path)


def test_unknown_section_from_the_command_line():
    with pytest.raises(ConfigError, match="clusterin : clé inconnue"):
        load_config(None, ["clusterin.n_clusters=3"])


def test_bad_value_is_a_clear_error():
    with pytest.raises(ConfigError, match=r"nlp\.batch_size : doit être supérieur ou égal à 1"):
        load_config(None, ["nlp.batch_size=0"])


def test_set_without_equals_sign():
    with pytest.raises(ConfigError, match="clé=valeur"):
        load_config(None, ["clustering.n_clusters"])


def test_missing_and_malformed_files(tmp_path: Path):
    with pytest.raises(ConfigError, match="introuvable"):
        load_config(tmp_path / "absent.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[clustering\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="impossible de le lire"):
        load_config(broken)


def test_inconsistent_ranges_rejected():
    with pytest.raises(ConfigError, match="min_clusters ne doit pas dépasser"):
        load_config(None, ["clustering.min_clusters=10", "clustering.max_clusters=5"])


def test_section_fingerprint_changes_only_with_its_section():
    base = load_config()
    other = load_config(None, ["proposals.min_confidence=0.7"])
    assert base.section_fingerprint("entities") == other.section_fingerprint("entities")
    assert base.section_fingerprint("proposals") != other.section_fingerprint("proposals")


def test_example_config_lists_every_default_and_loads_back():
    from textmine.config import TextmineConfig, to_toml

    example = Path(__file__).resolve().parents[1] / "textmine.example.toml"
    assert example.read_text(encoding="utf-8") == to_toml(TextmineConfig()), (
        "textmine.example.toml is stale: regenerate it with `textmine config > textmine.example.toml`"
    )
    assert load_config(example) == TextmineConfig()


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        (
            "clustering.nb_clusters=3",
            "clustering.nb_clusters : clé inconnue ; vouliez-vous dire clustering.n_clusters ?",
        ),
        ("clusterng.n_clusters=3", "clusterng : clé inconnue ; vouliez-vous dire clustering ?"),
        # the right key in the wrong section
        (
            "themes.n_clusters=3",
            "themes.n_clusters : clé inconnue ; vouliez-vous dire clustering.n_clusters ?",
        ),
        ("nlp.modle=fr_core_news_sm", "nlp.modle : clé inconnue ; vouliez-vous dire nlp.model ?"),
    ],
)
def test_unknown_key_names_the_nearest_valid_one(assignment: str, message: str):
    with pytest.raises(ConfigError) as caught:
        load_config(None, [assignment])
    assert str(caught.value) == f"configuration invalide : {message}"


def test_unknown_key_in_a_file_names_the_nearest_valid_one(tmp_path: Path):
    path = tmp_path / "textmine.toml"
    path.write_text("[themes]\nstop_term = ['x']\n", encoding="utf-8")
    with pytest.raises(
        ConfigError,
        match=r"themes\.stop_term : clé inconnue ; vouliez-vous dire themes\.stop_terms \?",
    ):
        load_config(path)


def test_an_unknown_key_far_from_any_is_only_unknown():
    with pytest.raises(ConfigError) as caught:
        load_config(None, ["clustering.zzzzzz=3"])
    assert str(caught.value) == "configuration invalide : clustering.zzzzzz : clé inconnue"


@pytest.mark.parametrize(
    "value",
    [
        "revenu universel,activité",
        "revenu universel, activité",
        '["revenu universel", "activité"]',
        "[revenu universel, activité]",
    ],
)
def test_set_takes_a_list_comma_separated_or_as_json(value: str):
    config = load_config(None, [f"themes.stop_terms={value}"])
    assert config.themes.stop_terms == ["revenu universel", "activité"]


def test_set_list_edge_cases():
    assert load_config(None, ["themes.stop_terms=revenu"]).themes.stop_terms == ["revenu"]
    assert load_config(None, ["themes.stop_terms="]).themes.stop_terms == []
    neighbours = load_config(None, ["clustering.consensus_neighbors=10,15"])
    assert neighbours.clustering.consensus_neighbors == [10, 15]
    pattern = "entities.extra_patterns={label: ORG, pattern: Banque des territoires}"
    assert load_config(None, [pattern]).entities.extra_patterns == [
        {"label": "ORG", "pattern": "Banque des territoires"}
    ]


def test_set_takes_a_mapping_as_json_or_one_entry_at_a_time(tmp_path: Path):
    """A lexicon that works from a config file works through --set too."""
    path = tmp_path / "textmine.toml"
    path.write_text(
        '[themes]\nlexicon = { emploi = ["chômage", "travail"], "revenu universel" = ["RSA"] }\n',
        encoding="utf-8",
    )
    from_file = load_config(path).themes.lexicon
    as_json = load_config(
        None, ['themes.lexicon={"emploi": ["chômage", "travail"], "revenu universel": ["RSA"]}']
    ).themes.lexicon
    by_entry = load_config(
        None, ["themes.lexicon.emploi=chômage,travail", "themes.lexicon.revenu universel=RSA"]
    ).themes.lexicon
    assert from_file == as_json == by_entry
    assert from_file == {"emploi": ["chômage", "travail"], "revenu universel": ["RSA"]}


def test_a_text_value_stays_text():
    """YAML would read ``no`` (Norwegian) as false and ``1:30`` as 90."""
    assert load_config(None, ["ingest.default_language=no"]).ingest.default_language == "no"
    assert load_config(None, ["ingest.id_column=1:30"]).ingest.id_column == "1:30"
    assert load_config(None, ["ingest.id_column="]).ingest.id_column is None
    assert load_config(None, ['nlp.model="fr_core_news_sm"']).nlp.model == "fr_core_news_sm"


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("themes.lexicon=emploi", r"--set themes\.lexicon : une table est attendue, par exemple"),
        ('themes.lexicon={"emploi": ["chômage"', r"--set themes\.lexicon : valeur illisible"),
        ("themes.stop_terms=[a, b", r"--set themes\.stop_terms : valeur illisible"),
        ("nlp.batch_size=abc", r"nlp\.batch_size : doit être un nombre entier"),
    ],
)
def test_a_wrong_value_is_a_one_line_error(assignment: str, message: str):
    with pytest.raises(ConfigError, match=message) as caught:
        load_config(None, [assignment])
    assert "\n" not in str(caught.value)


def test_the_clustering_stage_takes_the_themes_stop_terms_unless_it_has_its_own():
    shared = load_config(None, ["themes.stop_terms=revenu universel,activité"])
    assert shared.clustering.stop_terms is None  # unset: a printed config keeps following
    assert shared.clustering_stage().stop_terms == ["revenu universel", "activité"]
    own = load_config(None, ["themes.stop_terms=revenu universel", "clustering.stop_terms=robot"])
    assert own.clustering_stage().stop_terms == ["robot"]
    assert load_config(None, ["clustering.stop_terms="]).clustering_stage().stop_terms == []
