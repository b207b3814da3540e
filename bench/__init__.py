"""``make bench`` (bench/run.py) and its parts; importable so the floor's dynamic provider
(bench/floor/null_dynamic.py) is pickled by reference."""
