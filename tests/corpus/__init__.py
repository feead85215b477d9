"""Corpus-wide runs: the sweep over ../shared/corpus, its CI subset, and the Swagger 2.0 converter tests."""
