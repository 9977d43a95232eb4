"""Prefect flows and deployments of textmine: they only wire the library's stages into tasks."""

from flows import settings as _settings  # noqa: F401  (configures Prefect before it is imported)
