"""Reads that insights pages, the report and the API share, one module per concept."""
