"""How a Command runs: the registry, parsing, binding, matching, forms, the request and dispatch."""
