"""Human-readable reports of findings: linter-style text and Markdown."""

from assistant.report.format import format_markdown, format_text, summary_counts, summary_line

__all__ = ["format_markdown", "format_text", "summary_counts", "summary_line"]
