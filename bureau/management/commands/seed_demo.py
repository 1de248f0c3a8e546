"""`manage.py seed_demo`: the demo district, its users, then each app's demo data.

The apps' parts come from their demo hooks (bureau.demo.register_demo_hook in each
app's `demo` module); the register's builds residents when `--persons` is given.
"""

from django.core.management.base import BaseCommand

from bureau.demo import demo_hooks


class Command(BaseCommand):
    help = (
        "Create or restore the demo district (townships, villages, one user per role) "
        "and each app's demo data; with --persons, also a demo population register. "
        "Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--persons",
            type=int,
            help="Also build a demo register of this many residents.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            help="Random seed of the demo data (the same seed gives the same residents; "
            "each app has its default).",
        )

    def handle(self, *args, persons=None, seed=None, **options):
        for hook in demo_hooks():
            for line in hook.build(persons=persons, seed=seed):
                self.stdout.write(line)
