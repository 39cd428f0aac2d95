"""Benchmarks and the deterministic national data set they run on."""
