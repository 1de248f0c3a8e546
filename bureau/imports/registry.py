"""Importers by kind. Apps register theirs in a module `<app>/importing` (found lazily)."""

from django.utils.module_loading import autodiscover_modules

from bureau.imports.base import Importer

_importers: dict[str, Importer] = {}
_discovered = False


def register_importer(importer: Importer) -> Importer:
    """Make `importer` available under `importer.kind`; returns it (usable at import time)."""
    if not importer.kind:
        raise ValueError("An importer needs a kind.")
    _importers[importer.kind] = importer
    return importer


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("importing")
        _discovered = True


def get_importer(kind: str) -> Importer:
    """The importer registered under `kind`; KeyError if there is none."""
    _discover()
    return _importers[kind]


def importer_kinds() -> list[str]:
    _discover()
    return sorted(_importers)
