"""Claim tests: each test guards one sentence that a notebook's markdown states.

A notebook may only state a number, a comparison or an "always/never" that the code cell right
before it prints, or that a claim test asserts. A claim test names its notebook and quotes the
sentence it guards::

    from claims import SEEDS, claim

    @claim("02", "With one hidden unit the boundary is a straight line")
    def test_02_one_hidden_unit_draws_a_straight_boundary():
        for seed in SEEDS:          # a random experiment: every seed, not the one the notebook shows
            ...

Before the body runs, the decorator checks that the quoted words still stand in a markdown cell
of ``notebooks/02_*.ipynb`` (whitespace, line breaks and ``**`` emphasis ignored). So a sentence
cannot change without its test failing, and whoever edits it re-checks the claim.
``python tools/list_claims.py`` prints every claim test beside its sentence.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: the seeds a claim about a random experiment is checked over (at least 5, never only the one shown)
SEEDS = range(5)


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def notebook_path(notebook: str) -> Path:
    """``"02"`` -> ``notebooks/02_....ipynb``; a path with a slash is taken from the repository root."""
    if "/" in notebook:
        return ROOT / notebook
    (path,) = sorted((ROOT / "notebooks").glob(f"{notebook}_*.ipynb"))
    return path


@functools.cache
def markdown_text(notebook: str) -> str:
    """All markdown cells of a notebook, normalized, joined by blank lines."""
    cells = json.loads(notebook_path(notebook).read_text(encoding="utf-8"))["cells"]
    return "\n\n".join(_normalize("".join(c["source"])) for c in cells if c["cell_type"] == "markdown")


def claim(notebook: str, sentence: str):
    """Mark a test as the guard of ``sentence`` in ``notebook``; fail at once if the sentence is gone."""
    def decorate(test):
        @functools.wraps(test)
        def guarded(*args, **kwargs):
            if _normalize(sentence) not in markdown_text(notebook):
                raise AssertionError(
                    f"{notebook_path(notebook).name} no longer says {sentence!r}: re-check the claim "
                    "against the new text, then update the quote in this test")
            return test(*args, **kwargs)

        guarded.claim = (notebook, sentence)
        return guarded

    return decorate
