"""textmine: text mining of public-policy documents (entities, themes, proposals and their clusters)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("textmine")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
