"""elasticache_emulator package."""
