"""The layout's rule of imports (README, "Layout"): `public` and `staff`
read only from `registry`, never from each other nor from `config` (which
sits above them all); `registry` from none of them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "registry": {"config", "public", "staff"},
    "public": {"config", "staff"},
    "staff": {"config", "public"},
}


def imported_packages(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_an_app_imports_nothing_from_the_layers_beside_or_above_it(app):
    found = {
        f"{path.relative_to(ROOT)}: {package}"
        for path in (ROOT / app).rglob("*.py")
        for package in imported_packages(path.read_text(encoding="utf-8"))
        if package in FORBIDDEN[app]
    }
    assert found == set()
