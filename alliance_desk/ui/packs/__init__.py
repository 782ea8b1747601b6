"""Briefing packs: choosing and exporting a PDF."""
