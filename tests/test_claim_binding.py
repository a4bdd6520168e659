"""Every test in tests/test_claims*.py guards a sentence, and is named after its notebook."""

import sys
from pathlib import Path

import pytest

from claims import _normalize, claim, markdown_text, notebook_path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import list_claims  # noqa: E402

CLAIM_FILES = sorted((ROOT / "tests").glob("test_claims*.py"))


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.name)
def test_every_claim_test_quotes_its_sentence_and_is_named_after_its_notebook(path):
    text = path.read_text(encoding="utf-8")
    tests = [line.split("(")[0][len("def "):] for line in text.splitlines() if line.startswith("def test_")]
    bound = {name.split("::")[1]: notebook for notebook, name, _ in list_claims.claim_tests()
             if name.startswith(path.name + "::")}
    assert tests, f"{path.name} has no tests"
    for name in tests:
        assert name in bound, f"{path.name}::{name} has no @claim(notebook, sentence)"
        number = Path(bound[name]).name[:2]
        assert name.startswith(f"test_{number}_"), f"{name} should start with test_{number}_ (its notebook)"


def test_every_quoted_sentence_stands_in_its_notebook():
    missing = [(notebook, sentence) for notebook, _, sentence in list_claims.claim_tests()
               if _normalize(sentence) not in markdown_text(notebook)]
    assert missing == []


def test_a_changed_sentence_fails_its_claim_test():
    @claim("00", "a sentence no notebook says")
    def test_00_nothing():
        pass

    with pytest.raises(AssertionError, match="no longer says 'a sentence no notebook says'"):
        test_00_nothing()
    assert notebook_path("00").name.startswith("00_")
