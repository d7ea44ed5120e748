"""Pytest fixtures that run the emulator in-process (filled in by the emulator work)."""
