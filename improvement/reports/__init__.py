"""Quarterly progress reports for cabinet: frozen figures, rendered to PDF."""
