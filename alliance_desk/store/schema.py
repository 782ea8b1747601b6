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
    "0021_team_access",
    "0022_value",
    "0023_meetings",
    "0024_search",
    "0025_list_indexes",
    "0026_open_questions",
    "0028_value_speed",
    "0029_today_speed",
    "0030_member_search",
    "0031_log_totals",
    "0032_risk_reviews",
    "0033_due_indexes",
    "0034_body_index",
    "0035_last_contacts",
)
HEAD_REVISION = KNOWN_REVISIONS[-1]

# The fingerprint (`integrity.fingerprint`: names of tables, columns, indexes and triggers) of
# each revision's schema on SQLite. A file whose tables do not match the revision it records
# was left half-way by an interrupted upgrade and is refused. A new revision needs its line:
# `tests/store/test_migrations.py::test_fingerprints_match_the_migrations` prints it.
FINGERPRINTS: dict[str, str] = {
    "0001_initial": "06df95f25dc4161d",
    "0002_north_star_history": "62b459de03882ef2",
    "0003_stakeholder_mapping": "ebfaa099ef3a70ee",
    "0004_onboarding": "53d9b74324f140a3",
    "0005_escalations": "d70f49ec79b718bf",
    "0006_governance_registers": "a90cdaebca8c471d",
    "0007_habits": "1dd700082617462e",
    "0008_pack_exports": "1acfa7af9f312daf",
    "0009_insights": "d58f41978594a5d1",
    "0010_postgres_history_guard": "d58f41978594a5d1",
    "0011_alliance_version": "d926f34518593999",
    "0012_private_interactions": "e124252a5538ea87",
    "0013_register_versions": "2c0b4c0ea4275390",
    "0014_escalation_version": "1cbec2e12063f9ff",
    "0015_more_versions": "65ebe3954ec87e40",
    "0016_day_indexes": "2c60a0881b017444",
    "0017_personal_habits": "f97fd231bf0744d5",
    "0018_partner_sharing": "022b05224c0280ef",
    "0019_portfolio_policy": "4fe14f2405a5ed3e",
    "0020_today_snooze": "38b846ca5fc19e34",
    "0021_team_access": "38b846ca5fc19e34",
    "0022_value": "9d24c0f62ced5e16",
    "0023_meetings": "8ae4c87a67990b59",
    "0024_search": "dc87b22936b80ddd",
    "0025_list_indexes": "e86548477212f3b5",
    "0026_open_questions": "e86548477212f3b5",
    "0028_value_speed": "9eefc8c5e85f1ccf",
    "0029_today_speed": "ec6395b1e837c312",
    "0030_member_search": "ec6395b1e837c312",
    "0031_log_totals": "865f87b983e4d4e3",
    "0032_risk_reviews": "db2a4fd64acdf86c",
    "0033_due_indexes": "5c1179cba1479b7f",
    "0034_body_index": "bead719f12407e2c",
    "0035_last_contacts": "3beace188eacdc9b",
}
