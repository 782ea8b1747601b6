"""Briefing packs as PDF: composed from core values, drawn with ReportLab."""
