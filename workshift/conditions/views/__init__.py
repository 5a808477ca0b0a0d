"""Pages of phase 2, Create the conditions, one module per concept. Thin: check access, validate, call a service, render."""
