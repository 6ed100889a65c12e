"""Exporters: Word, Excel, JSON, Markdown."""
