"""Small, tested analysis helpers that the chapters call (no notebook defines them)."""
