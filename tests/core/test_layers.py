"""Arrows point down: the database layer uses no service, the import's reading modules do
not lean on each other, and no service reaches into another's private methods."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "crmdesk"


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_database_layer_imports_no_service() -> None:
    assert not {m for m in _imports(PACKAGE / "db.py") if m.startswith("crmdesk.services")}


def test_the_reading_modules_rows_and_keys_do_not_import_each_other() -> None:
    importing = PACKAGE / "services" / "importing"
    assert not {m for m in _imports(importing / "rows.py") if "importing.keys" in m}
    assert not {m for m in _imports(importing / "keys.py") if "importing.rows" in m}


def test_no_service_calls_a_private_method_of_another() -> None:
    services = sorted((PACKAGE / "services").rglob("*.py"))
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in services}
    private = {node.name for tree in trees.values() for cls in ast.walk(tree)
               if isinstance(cls, ast.ClassDef) for node in cls.body
               if isinstance(node, ast.FunctionDef) and node.name.startswith("_")
               and not node.name.startswith("__")}
    calls = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in private):
                continue
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
                continue
            if isinstance(owner, ast.Call) and ast.unparse(owner.func) == "super":
                continue
            calls.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {ast.unparse(node.func)}")
    assert not calls
