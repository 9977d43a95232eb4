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
    with pytest.raises(ConfigError, match=r"clustering\.n_cluster: unknown key"):
        load_config(path)


def test_unknown_section_from_the_command_line():
    with pytest.raises(ConfigError, match="clusterin: unknown key"):
        load_config(None, ["clusterin.n_clusters=3"])


def test_bad_value_is_a_clear_error():
    with pytest.raises(ConfigError, match=r"nlp\.batch_size"):
        load_config(None, ["nlp.batch_size=0"])


def test_set_without_equals_sign():
    with pytest.raises(ConfigError, match="key=value"):
        load_config(None, ["clustering.n_clusters"])


def test_missing_and_malformed_files(tmp_path: Path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "absent.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[clustering\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot parse"):
        load_config(broken)


def test_inconsistent_ranges_rejected():
    with pytest.raises(ConfigError, match="min_clusters"):
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
