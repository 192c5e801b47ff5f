"""Analysis methods: pure functions on DataFrames, documented and tested; no SQL, no Streamlit.

One job: the methods — statistical neighbours (``neighbours``), need against reach (``need``), the
investment model (``investment``), the sentences that state a finding (``narrative``) and the
expected-use model the build fits (``expected``).

May import: ``settings`` and ``formatting`` only, never Streamlit or DuckDB (tests/test_layers.py
checks it in a fresh interpreter). So every room may use it, the build included.
"""
