"""Fuzzing eventwire: hostile input strategies, the invariants checked on them, and `make fuzz`."""
