"""Exports for the budget meeting: a PowerPoint deck and a one-page PDF.

Everything is built through the same queries (run_query) and chart builders as the pages, so
small-number suppression holds in every export too. Chart images come from kaleido, which
drives Debian's Chromium offline.

One job: the exports. May import: ``queries``, ``charts`` and the rooms below them; never the pages
(``views``) or ``ui`` (tests/test_layers.py).
"""
