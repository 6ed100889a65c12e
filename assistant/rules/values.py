"""Rules of the values family (see rule-catalog)."""
