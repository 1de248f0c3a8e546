"""`manage.py seed_demo`: the demo district, its users and (optionally) a demo register."""

from django.core.management.base import BaseCommand

from bureau.demo import DEMO_PASSWORD, build_district
from households.demo import DEFAULT_SEED, build_register


class Command(BaseCommand):
    help = (
        "Create or restore the demo district (townships, villages, one user per role); "
        "with --persons, also a demo population register. Safe to run twice."
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
            default=DEFAULT_SEED,
            help="Random seed for the register (the same seed gives the same residents).",
        )

    def handle(self, *args, persons=None, seed=DEFAULT_SEED, **options):
        district = build_district()
        self.stdout.write(
            f"District {district['district']}: {district['townships']} townships, "
            f"{district['villages']} villages and communities; users "
            f"{', '.join(district['users'])} (password {DEMO_PASSWORD})."
        )
        if persons:
            created = build_register(persons=persons, seed=seed)
            self.stdout.write(
                f"Register: {created} new residents ({persons} requested)."
            )
