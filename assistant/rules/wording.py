"""Rules of the wording family (see rule-catalog)."""
