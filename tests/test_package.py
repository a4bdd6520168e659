"""The package as a whole: public API, no import-time side effects, README and CI agree."""

import pathlib
import subprocess
import sys

import lecture_nn

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_every_public_name_exists():
    missing = [name for name in lecture_nn.__all__ if not hasattr(lecture_nn, name)]
    assert missing == []
    assert len(set(lecture_nn.__all__)) == len(lecture_nn.__all__)


def test_import_changes_no_global_state():
    code = (
        "import matplotlib, numpy as np\n"
        "rc = dict(matplotlib.rcParams); backend = matplotlib.get_backend()\n"
        "np.random.seed(0); state = np.random.get_state()[1].copy()\n"
        "import lecture_nn\n"
        "assert dict(matplotlib.rcParams) == rc, 'rcParams changed'\n"
        "assert matplotlib.get_backend() == backend, 'backend changed'\n"
        "assert (np.random.get_state()[1] == state).all(), 'global RNG touched'\n"
        "assert np.geterr() == {'divide': 'warn', 'over': 'warn', 'under': 'ignore', 'invalid': 'warn'}\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text().splitlines()
    marker = readme.index("<!-- test-command -->")
    assert readme[marker + 1].startswith("```")
    command = readme[marker + 2]
    assert "pip install -r requirements.txt" in command and "pytest" in command
    ci = (ROOT / ".ci" / "run").read_text()
    assert "<!-- test-command -->" in ci and 'eval "$test_command"' in ci
    assert "venv" in ci and "mktemp" in ci


def test_requirements_install_the_package_itself():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    assert "-e ." in lines
    for package in ["numpy", "matplotlib", "ipywidgets", "jupyterlab", "nbval", "pytest", "tqdm"]:
        assert any(line.startswith(package) for line in lines), package
