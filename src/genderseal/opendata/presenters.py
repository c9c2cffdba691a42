"""Shape a payload for the page in the reader's language (the payload holds both languages)."""
from datetime import date

from django.utils.translation import gettext as _

from . import charts


def pick(row, field, language):
    first, second = (f"{field}_en", f"{field}_th") if language == "en" else (f"{field}_th", f"{field}_en")
    return row.get(first) or row.get(second) or ""


def day(value):
    """An ISO date of the payload as a date (templates show it in BE), or None."""
    return date.fromisoformat(value) if value else None


def figure(value, suffix=""):
    """A number as the page shows it: thousands separated, at most one decimal; a dash when missing."""
    if value is None:
        return "–"
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return text + suffix


def share(part, whole):
    return round(float(part) * 100.0 / float(whole), 1) if whole else None


def display(payload, language):
    """Everything the public page and the preview show, from the payload alone."""
    out = {"items": payload.get("items", []), "institution": pick(payload["institution"], "name", language)}
    level = payload.get("level")
    thresholds = []
    if level:
        thresholds = [{"label": pick(t, "label", language), "min_percent": t["min_percent"], "code": t["code"]}
                      for t in level.get("thresholds", [])]
        cert = level.get("certificate")
        out["level"] = {"code": level["code"], "label": pick(level, "label", language), "percent": level["percent"],
                        "applicable": level["applicable"], "thresholds": thresholds,
                        "bar": charts.dimension_bar(level["percent"], thresholds),
                        "certificate": {"level": cert["level"], "label": pick(cert, "level", language),
                                        "awarded_on": day(cert.get("awarded_on")),
                                        "valid_until": day(cert["valid_until"])}
                        if cert else None}
    if payload.get("round"):
        out["round"] = {**payload["round"], "date": day(payload["round"]["date"]),
                        "signed_off_at": day(payload["round"]["signed_off_at"])}
        out["framework"] = pick(payload["framework"], "name", language)
    if payload.get("dimensions") is not None:
        out["dimensions"] = [{"code": d["code"], "title": pick(d, "title", language), "percent": d["percent"],
                              "applicable": d["applicable"], "bar": charts.dimension_bar(d["percent"], thresholds)}
                             for d in payload["dimensions"]]
    indicators = payload.get("indicators")
    if indicators:
        labels = {"female": _("Women"), "male": _("Men"), "other": _("Other or not stated")}
        rows = []
        for i in indicators["rows"]:
            total = sum(i[k] or 0 for k in ("female", "male", "other")) if i["by_sex"] else None
            rows.append({**i, "title": pick(i, "title", language), "unit": i["unit_abbreviation"] or
                         pick(i, "unit", language), "total": total,
                         "female_share": share(i["female"], total) if total else None,
                         "chart": charts.sex_bar(i["female"], i["male"], i["other"], labels) if total else "",
                         "f": {"female": figure(i["female"]), "male": figure(i["male"]), "other": figure(i["other"]),
                               "total": figure(total if i["by_sex"] else i["actual"]), "target": figure(i["target"]),
                               "progress": figure(i["progress"], "%")}})
        out["indicators"] = {"fiscal_year": indicators["fiscal_year"], "rows": rows}
    reporting = payload.get("reporting")
    if reporting:
        out["reporting"] = {"fiscal_year": reporting["fiscal_year"], "as_of": day(reporting["as_of"]),
                            "total": reporting["total"],
                            "units": [{**u, "name": u["abbreviation"] or pick(u, "name", language)}
                                      for u in reporting["units"]]}
    return out
