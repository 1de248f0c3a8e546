"""Benchmarks of the product, outside the product package (not in the production image).

    python -m bench --persons 100000 --out docs/benchmarks.md     (make bench)

Apps contribute a suite of scenarios in a module `bench/<app label>/` that calls
`bench.registry.register_suite(...)`; the runner finds them as the import pipeline
finds importers (one module per installed app, imported on first use).
"""
