"""Blueprints. Views are thin: load, authorize, validate, call a service, commit.

Packages for the large areas (`api/`, `reader/`, `work/`: `blueprint.py` defines the Blueprint, each route module
registers on it, the package `__init__` imports them); a flat module for each small area."""
