"""Reader pages. Importing the package registers every route module on `blueprint.bp`."""

from factcheck.views.reader import claims, pages, versions
from factcheck.views.reader.blueprint import bp

__all__ = ["bp", "claims", "pages", "versions"]
