"""The exercise checkers measured against a battery of student answers (``tests/checker_answers.py``).

Every answer is run through its task's checker once, as a notebook cell would run it (stdout, stderr and
warnings captured). Right answers must pass, wrong ones must be refused, every answer must get exactly
one ✔/✘ line and nothing else, and at least 90 % of the refusals must name the actual cause.
``python tests/checker_answers.py -v`` prints the same results as a table and answer by answer.
"""

from __future__ import annotations

import re

import pytest

import checker_answers as battery
from lecture_nn import checks

#: the share of wrong answers whose ✘ line must name their cause
NAMED_CAUSE_RATE = 0.9


@pytest.fixture(scope="module")
def results():
    return battery.run_all()


def _listing(results) -> str:
    return "\n".join(f"  {r.answer.task} {r.answer.label!r}: {battery.verdict(r)}" for r in results)


def test_the_battery_covers_every_task_with_right_and_wrong_answers():
    tasks = {task: functions for notebook in checks.TASKS.values() for task, (_, functions) in notebook.items()}
    answers = battery.ANSWERS
    assert {a.task for a in answers} == set(tasks)
    for task, functions in tasks.items():
        mine = [a for a in answers if a.task == task]
        assert any(a.correct for a in mine) and any(not a.correct for a in mine), task
        for a in mine:
            assert len(a.functions) == len(functions) and all(map(callable, a.functions)), (task, a.label)
    assert sum(a.correct for a in answers) >= 90
    assert sum(not a.correct for a in answers) >= 130
    for a in answers:
        assert (a.cause is None) == a.correct, a.label
        if a.cause is not None:
            re.compile(a.cause)
    labels = [(a.task, a.label) for a in answers]
    assert len(labels) == len(set(labels)), "two answers of one task share a label"


def test_no_right_answer_is_refused(results):
    refused = [r for r in results if r.answer.correct and not battery.passed(r)]
    assert not refused, f"{len(refused)} right answers refused:\n{_listing(refused)}"


def test_no_wrong_answer_passes(results):
    passing = [r for r in results if not r.answer.correct and battery.passed(r)]
    assert not passing, f"{len(passing)} wrong answers passed:\n{_listing(passing)}"


def test_every_answer_gets_one_line_and_nothing_else(results):
    unclean = [r for r in results if not battery.clean(r)]
    details = []
    for r in unclean:
        extra = []
        if r.error is not None:
            extra.append("a traceback")
        if len(r.lines) != 1:
            extra.append(f"{len(r.lines)} lines")
        elif r.lines[0][:1] not in ("\u2714", "\u2718"):
            extra.append("a line not starting with ✔ or ✘")
        if r.stderr:
            extra.append(f"stderr {r.stderr.strip()[:80]!r}")
        if r.warnings:
            extra.append(f"warnings {r.warnings[:2]}")
        details.append(f"  {r.answer.task} {r.answer.label!r}: {', '.join(extra)}: {battery.verdict(r)}")
    assert not unclean, f"{len(unclean)} answers got more or less than one ✔/✘ line:\n" + "\n".join(details)


def test_refusals_name_the_cause(results):
    wrong = [r for r in results if not r.answer.correct]
    unnamed = [r for r in wrong if not battery.names_cause(r)]
    rate = 1 - len(unnamed) / len(wrong)
    message = (f"{rate:.1%} of {len(wrong)} wrong answers got a hint naming their cause "
               f"(at least {NAMED_CAUSE_RATE:.0%} asked); not named:\n{_listing(unnamed)}")
    print(message)
    assert rate >= NAMED_CAUSE_RATE, message


def test_answers_that_change_their_arguments_are_refused_with_an_in_place_hint(results):
    mutating = [r for r in results if r.answer.cause is battery.IN_PLACE]
    assert len(mutating) >= 10
    missed = [r for r in mutating if not battery.names_cause(r)]
    assert not missed, (f"{len(missed)} of {len(mutating)} answers that change an argument in place were not "
                        f"refused with a hint saying so:\n{_listing(missed)}")
