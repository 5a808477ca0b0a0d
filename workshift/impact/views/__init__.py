"""Pages of the Act-for-impact phase, one module per concept of the approach."""
