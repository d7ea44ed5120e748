"""The package version: the one place it is written (the build reads it from here, see pyproject.toml)."""

__version__ = "0.2.0"
