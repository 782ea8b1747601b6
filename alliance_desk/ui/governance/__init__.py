"""Governance: committees and their meetings, and two-sided health checks."""
