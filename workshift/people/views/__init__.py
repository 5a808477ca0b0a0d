"""People pages, one module per concept: people, org units, imports."""
