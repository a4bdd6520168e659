"""The package as a whole: public API, no import-time side effects, README and CI agree."""

import pathlib
import re
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


def _lower_bounds(lines) -> dict:
    bounds = {}
    for line in lines:
        match = re.match(r"\s*([A-Za-z0-9_.-]+)\s*>=\s*([0-9.]+)", line)
        if match:
            bounds[match.group(1).lower()] = match.group(2)
    return bounds


def test_the_oldest_versions_ci_runs_are_the_lower_bounds_we_declare():
    requirements = _lower_bounds((ROOT / "requirements.txt").read_text().splitlines())
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([0-9.]+)", (ROOT / ".ci" / "oldest-constraints.txt").read_text(),
                           re.M))
    assert {name: version for name, version in pins.items()} == {
        name: version + ".0" * (2 - version.count(".")) for name, version in requirements.items()}
    pyproject = (ROOT / "pyproject.toml").read_text()
    dependencies = re.search(r"^dependencies = \[(.*?)\]", pyproject, re.S | re.M).group(1)
    for name, version in _lower_bounds(re.findall(r'"([^"]+)"', dependencies)).items():
        assert requirements.get(name) == version, f"pyproject.toml says {name}>={version}, requirements.txt does not"
    assert "oldest-constraints.txt" in (ROOT / ".ci" / "run").read_text()
