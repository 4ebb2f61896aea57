"""Entity stages: actor knowledge base, recogniser, linking, coreference, places."""
