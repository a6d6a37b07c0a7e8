"""Dagster definitions, one module per stage; `pipeline.definitions` assembles them."""
