"""Health findings stay in the check-ups app: casework never reads them."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_casework_module_imports_checkups():
    offending = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "casework").rglob("*.py")
        if any(name.split(".")[0] == "checkups" for name in _imports(path))
    ]

    assert offending == []


def test_casework_models_have_no_relation_to_checkups():
    from django.apps import apps

    for model in apps.get_app_config("casework").get_models():
        for field in model._meta.get_fields():
            related = getattr(field, "related_model", None)
            assert related is None or related._meta.app_label != "checkups", (
                f"{model.__name__}.{field.name}"
            )
