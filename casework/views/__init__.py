"""Casework pages: thin views over casework.selectors and casework.services."""
