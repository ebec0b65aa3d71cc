"""Blueprints, one module per area. Views are thin: load, authorize, validate, call a service, commit."""
