"""The HTML report a reviewer reads first: one self-contained page, viewable offline."""

from textmine.report.html import build_report_context, write_report

__all__ = ["build_report_context", "write_report"]
