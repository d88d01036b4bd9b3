"""Career content packs: the YAML files, their schema and the loader that validates them."""

from content.loader import PackError, Problem, load_catalog
from content.schema import Catalog

__all__ = ["Catalog", "PackError", "Problem", "load_catalog"]
