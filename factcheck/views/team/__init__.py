"""The team in the browser. Importing the package registers every route module on `blueprint.bp`."""

from factcheck.views.team import account, inbox, people
from factcheck.views.team.blueprint import bp

__all__ = ["account", "bp", "inbox", "people"]
