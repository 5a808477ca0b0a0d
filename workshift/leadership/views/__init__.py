"""Leadership pages, thin: one module per concept (playbooks, rights, surges)."""
