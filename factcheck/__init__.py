"""The fact-check workbench."""
