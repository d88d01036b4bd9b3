"""Career content packs: the YAML files, their schema and the loader that validates them."""

from content.files import is_whole_pack
from content.loader import load_catalog
from content.problems import PackError, Problem
from content.schema import Catalog

__all__ = ["Catalog", "PackError", "Problem", "is_whole_pack", "load_catalog"]
