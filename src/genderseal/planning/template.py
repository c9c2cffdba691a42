"""The planning import/export template: sheets and columns (docs/planning.md describes them)."""
SHEETS = {
    "indicators": ("code", "title_th", "title_en", "project", "owner_unit", "unit_of_measure", "kind", "direction",
                   "aggregation", "frequency", "baseline", "first_fy", "last_fy", "by_sex", "categories"),
    "targets": ("indicator", "fiscal_year", "quarter", "target"),
    "values": ("indicator", "fiscal_year", "month", "quarter", "option", "value"),
    # Narrative and progress of each period's report. The review status is not template data: an
    # import never approves anything, new reports arrive as submitted.
    "reports": ("indicator", "fiscal_year", "month", "quarter", "progress", "narrative"),
}
REQUIRED = {
    "indicators": ("code", "title_th", "owner_unit", "unit_of_measure", "first_fy", "last_fy"),
    "targets": ("indicator", "fiscal_year", "target"),
    "values": ("indicator", "fiscal_year", "option", "value"),
    "reports": ("indicator", "fiscal_year"),
}
CHOICES = {
    "kind": ("count", "percent", "amount"),
    "direction": ("up", "down"),
    "aggregation": ("sum", "last"),
    "frequency": ("monthly", "quarterly"),
}
YES = {"yes", "y", "true", "1", "ใช่", "x", "✓"}
NO = {"no", "n", "false", "0", "ไม่", ""}
