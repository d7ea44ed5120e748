"""dynamic_providers package."""
