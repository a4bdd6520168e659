"""Every public function and explorer constructor answers odd input well (see tests/fuzz.py).

One test per case: the valid call works, and every odd call either returns a finite, right
result or raises a lecture_nn error naming the argument. A failure lists every bad call.
"""

import pytest

from fuzz import all_cases, run_case

CASES = [(area, case) for area, cases in all_cases().items() for case in cases]


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[f"{a}:{c.name}" for a, c in CASES])
def test_odd_input_gets_a_result_or_our_error_naming_the_argument(case):
    outcomes = run_case(case)
    assert outcomes[0].kind == "ok", f"the valid call of {case.name} failed: {outcomes[0].detail}"
    bad = [o for o in outcomes if o.kind == "bad"]
    assert not bad, f"{len(bad)} of {len(outcomes)} calls of {case.name} went wrong:\n" + "\n".join(
        f"  {o.changed}: {o.detail}" for o in bad)


def test_a_result_the_check_cannot_read_counts_as_wrong():
    from fuzz import Case, call_once

    def check(result, kwargs):
        assert result["value"] == 1  # a result without that key raises KeyError here, not AssertionError

    case = Case("a function returning the wrong thing", lambda x: [x], lambda: dict(x=1), check=check)
    outcome = call_once(case, {})
    assert outcome.kind == "bad" and "the check could not read it: TypeError" in outcome.detail
