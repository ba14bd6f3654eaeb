"""The incremental build engine: the facts a project defines, what each output read of them, the state kept between builds, and the one build loop that `build` and `serve` both run."""
