"""Every read of the school app, one module per area."""
