"""Pages of the Recognize phase, one module per concept: thin views over access helpers, forms,
services and selectors."""
