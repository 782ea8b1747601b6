"""Risks & decisions: the registers (risks, decisions, obligations, insights) and the section
holding them with governance."""
