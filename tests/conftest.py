"""Shared test setup: figures render off-screen; RuntimeWarnings are errors (pyproject.toml)."""

import matplotlib

matplotlib.use("Agg")  # only here: the package itself never picks a backend
