"""Real networks for the tests, built with Linux network namespaces (root only)."""
