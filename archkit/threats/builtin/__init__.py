"""Built-in threat rules: one small class per file, found by the registry."""
