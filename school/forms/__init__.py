"""Parsing and validation of user input of the school app, one module per area."""
