"""`python manage.py import_register FILE [--dry-run] [--valid-only] --as USERNAME`.

An alias of `manage.py import households.register FILE …` (bureau's import command).
"""

from importlib import import_module

from households.importing import KIND

# "import" is a keyword, so the generic command's module is loaded by name.
ImportCommand = import_module("bureau.management.commands.import").Command


class Command(ImportCommand):
    help = "Import a register spreadsheet (XLSX, XLS or CSV) as the given user."
    kind = KIND
