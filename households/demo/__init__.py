"""A realistic, deterministic demo register: the same rows feed the demo, the import and the bench.

`generate_register_rows` (households.demo.rows) yields rows keyed like the register template;
`build_register` (households.demo.loading) imports them and adds migrants and agreements.
`manage.py seed_demo --persons N` runs it through the demo hook registered below.
"""

from bureau.demo import DemoHook, register_demo_hook
from households.demo.loading import add_county_agreements as add_county_agreements
from households.demo.loading import add_migrant_records as add_migrant_records
from households.demo.loading import build_register as build_register
from households.demo.loading import demo_loader as demo_loader
from households.demo.rows import AS_OF as AS_OF
from households.demo.rows import DEFAULT_SEED as DEFAULT_SEED
from households.demo.rows import ROW_KEYS as ROW_KEYS
from households.demo.rows import generate_register_rows as generate_register_rows


def _register_lines(*, persons=None, seed=None, **options) -> list[str]:
    if not persons:
        return []
    created = build_register(persons=persons, seed=seed or DEFAULT_SEED)
    return [f"Register: {created} new residents ({persons} requested)."]


register_demo_hook(DemoHook("households", _register_lines, order=10))
