"""No module of lecture_nn reaches into another module's underscore names.

A name that starts with one underscore is a module's own business; a module that needs another
module's internals (``model._forward``, ``loss_fn._targets``, ``layer._cache``) gets a public,
documented name for it instead (``model.forward(X, check=False)``, ``loss_fn.check_targets``,
``model.layer_outputs``). This test reads every module with ``ast`` and finds each attribute
access ``x._name`` where ``_name`` belongs to another module: a method, class attribute or
``self._name = ...`` of a class defined there, and of no class in the module that reads it.

Not counted: ``self._name`` and ``cls._name`` (a class's own, or its base class's hook),
``super()._name``, ``C._name`` for a class ``C`` of the same module, dunders, and IPython's display
protocol (``_repr_png_``, ``_ipython_display_``, ...), which is public by convention.
"""

import ast
import pathlib
import re
from collections import defaultdict

import lecture_nn

PACKAGE = pathlib.Path(lecture_nn.__file__).parent
ROOT = PACKAGE.parent

#: (module file, attribute) pairs that still use another module's private name.
#: To be removed: each entry goes when its module switches to the public name; this list only shrinks.
ALLOWED: set = set()  # (module path, name) pairs still waiting for a public name; none left

_PROTOCOL = re.compile(r"^_(repr_\w+|ipython_\w+)_$")  # IPython's display hooks: public by convention


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__") and not _PROTOCOL.match(name)


def _module_files(package: pathlib.Path) -> dict[str, ast.Module]:
    return {path.relative_to(package.parent).as_posix(): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(package.rglob("*.py"))}


def class_members(tree: ast.Module) -> tuple[set, set]:
    """The names a module's classes define (methods, class attributes, ``self.x = ...``), and the classes."""
    members, classes = set(), set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        classes.add(node.name)
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                members.add(item.name)
            elif isinstance(item, ast.Assign):
                members.update(t.id for t in item.targets if isinstance(t, ast.Name))
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                members.add(item.target.id)
        for inner in ast.walk(node):  # self.x = ... / self.x, self.y = ... anywhere in its methods
            targets = inner.targets if isinstance(inner, ast.Assign) else \
                [inner.target] if isinstance(inner, (ast.AugAssign, ast.AnnAssign)) else []
            for target in targets:
                for t in ast.walk(target):
                    if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id in ("self", "cls"):
                        members.add(t.attr)
    return members, classes


def _is_exempt_base(base: ast.expr, classes: set) -> bool:
    if isinstance(base, ast.Name):
        return base.id in ("self", "cls") or base.id in classes
    return isinstance(base, ast.Call) and isinstance(base.func, ast.Name) and base.func.id == "super"


def foreign_private_accesses(package: pathlib.Path = PACKAGE) -> dict[tuple[str, str], list[int]]:
    """(module file, attribute) -> the lines where that module reads another module's private ``attribute``."""
    trees = _module_files(package)
    members = {path: class_members(tree) for path, tree in trees.items()}
    owners = defaultdict(set)  # private name -> the modules whose classes define it
    for path, (names, _) in members.items():
        for name in names:
            if _is_private(name):
                owners[name].add(path)
    found = defaultdict(list)
    for path, tree in trees.items():
        own, classes = members[path]
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and _is_private(node.attr)):
                continue
            if node.attr in own or _is_exempt_base(node.value, classes):
                continue
            if owners.get(node.attr, set()) - {path}:
                found[(path, node.attr)].append(node.lineno)
    return {key: sorted(lines) for key, lines in found.items()}


def test_no_module_uses_another_modules_private_names():
    found = foreign_private_accesses()
    new = {key: lines for key, lines in found.items() if key not in ALLOWED}
    assert not new, ("these modules use another module's private names; give the name a public, documented "
                     "form and use that: " + "; ".join(f"{path} lines {lines}: .{name}"
                                                         for (path, name), lines in sorted(new.items())))


def private_imports(package: pathlib.Path = PACKAGE) -> dict[str, list[str]]:
    """module file -> the underscore names it imports from another module of the package
    (``from .activations import _numbers``); ``import x as _x`` of a public name does not count."""
    found = defaultdict(list)
    for path, tree in _module_files(package).items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.level > 0 or (node.module or "").startswith("lecture_nn")):
                found[path] += [alias.name for alias in node.names if _is_private(alias.name)]
    return {path: names for path, names in found.items() if names}


def test_no_module_imports_another_modules_private_names():
    found = private_imports()
    assert not found, ("these modules import another module's private names; give the name a public, "
                       "documented form: " + "; ".join(f"{path}: {', '.join(names)}" for path, names in found.items()))


def test_the_allowed_list_only_shrinks():
    stale = ALLOWED - set(foreign_private_accesses())
    assert not stale, f"remove these entries from ALLOWED, their module no longer needs them: {sorted(stale)}"


def test_the_scan_sees_a_foreign_private_access(tmp_path):
    """The scan itself: a module reading another's ``_forward`` or ``self._cache`` is found, its own are not."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "layers.py").write_text(
        "class Layer:\n"
        "    def _forward(self, X):\n"
        "        self._cache = X\n"
        "        return X\n"
        "    def forward(self, X):\n"
        "        return self._forward(X)\n")
    (package / "training.py").write_text(
        "def _targets(y):\n"  # a module-level function of the same name does not make loss._targets its own
        "    return y\n"
        "class Run:\n"
        "    def _step(self):\n"
        "        return super()._step()\n"
        "def fit(model, loss, other):\n"
        "    model._forward(1)\n"
        "    loss._targets(2)\n"
        "    other._step()\n"
        "    Run._step(other)\n"
        "    return model.forward(1), model._cache, model.__class__, model._repr_png_\n")
    (package / "losses.py").write_text("class Loss:\n    def _targets(self, y):\n        return y\n")
    assert foreign_private_accesses(package) == {("pkg/training.py", "_forward"): [7],
                                                 ("pkg/training.py", "_targets"): [8],
                                                 ("pkg/training.py", "_cache"): [11]}


def test_the_import_scan_sees_a_private_import(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text("def _helper():\n    return 1\n\n\ndef public():\n    return 2\n")
    (package / "b.py").write_text("from .a import _helper, public\nfrom ._checks import seed as _seed\n")
    assert private_imports(package) == {"pkg/b.py": ["_helper"]}
