"""Demo data: deterministic generators for `make run` (small) and benchmarks (img scale)."""
