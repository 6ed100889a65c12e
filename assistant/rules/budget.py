"""Rules of the budget family (see rule-catalog)."""
