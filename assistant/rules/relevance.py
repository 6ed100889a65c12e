"""Rules of the relevance family (see rule-catalog)."""
