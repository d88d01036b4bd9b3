"""One package per command group, its specs beside its handlers; the catalog only gathers them."""
