"""The Value section: the risk × value quadrant, milestones and the KPI scorecard."""
