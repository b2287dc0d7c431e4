"""Answer-quality evals and benchmarks for maintainers."""
