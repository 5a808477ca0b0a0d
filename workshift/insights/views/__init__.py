"""Insights pages, one module per concept: dashboard, pulse, stories, connections, scale next,
reports."""
