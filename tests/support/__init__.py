"""Code the tests share with each other and with the benchmarks (which import it from here, never the other way)."""
