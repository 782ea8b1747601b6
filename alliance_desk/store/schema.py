"""The schema revisions this version of the app knows, oldest first.

Kept as constants so that start-up can compare a file's revision without importing Alembic
(≈ 270 ms); a test checks this list against the scripts in `migrations/versions/`.
"""

KNOWN_REVISIONS: tuple[str, ...] = (
    "0001_initial",
    "0002_north_star_history",
    "0003_stakeholder_mapping",
    "0004_onboarding",
    "0005_escalations",
    "0006_governance_registers",
    "0007_habits",
    "0008_pack_exports",
    "0009_insights",
    "0010_postgres_history_guard",
    "0011_alliance_version",
    "0012_private_interactions",
    "0013_register_versions",
    "0014_escalation_version",
    "0015_more_versions",
    "0016_day_indexes",
    "0017_personal_habits",
    "0018_partner_sharing",
    "0019_portfolio_policy",
    "0020_today_snooze",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]
