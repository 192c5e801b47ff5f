"""Analysis methods: pure functions on DataFrames, documented and tested; no SQL, no Streamlit."""
