"""`python -m bench [--suite NAME] [--persons N] [--out docs/benchmarks.md]` (see bench.runner)."""

import os
import sys

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings")
    django.setup()
    from bench.runner import Command

    Command().run_from_argv(["python -m bench", "bench", *sys.argv[1:]])


if __name__ == "__main__":
    main()
