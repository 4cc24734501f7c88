"""Importing survey responses from spreadsheets (survey tools, paper, events)."""
