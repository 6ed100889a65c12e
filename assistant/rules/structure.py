"""Rules of the structure family (see rule-catalog)."""
