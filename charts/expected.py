"""Expected use (issue 11): observed youth care per wijk against what its population explains.

DataFrame in (the rows of ``queries/expected_by_wijk.sql``), figure or Dutch text out.
"""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.peers import dutch_list
from formatting import fmt_nl

UNIT = "% van jongeren 0–22 jaar met jeugdzorg; verwacht met 95%-interval"
CREDITS = ("Bron: CBS, Kerncijfers wijken en buurten en Jeugdzorg per wijk; verwachting: eigen berekening "
           "(multilevelmodel, zie Over de data)")
CAVEAT = ("Een verschil is een reden om beter te kijken, geen oordeel over beleid: het wijst op iets wat het "
          "model niet ziet — zoals het aanbod in de wijk, wachtlijsten, hoe de toegang werkt of wat de cijfers "
          "niet meten.")
DIVERGING_NOTE = ("Kleuren: blauw is minder jeugdzorg dan de bevolking van de wijk en haar gemeente doen verwachten, "
                  "rood meer (buiten het 95%-interval); bijna wit ligt binnen het interval: geen duidelijk "
                  "verschil. Een verschil is een reden om beter te kijken, geen oordeel over beleid; zie Wijken "
                  "vergelijken en Over de data.")
COLOURS = {"meer dan verwacht": "#b2182b", "minder dan verwacht": "#2166ac", "binnen verwachting": "#7a7a7a"}


def _pct(value: float) -> str:
    return f"{fmt_nl(value, 1)}%"


def verdict_sentence(rows: pd.DataFrame, naam: str, year: int) -> str:
    """In plain Dutch: which wijken have more or less youth care than their population explains."""
    known = rows[rows["verdict"].notna()]
    if known.empty:
        return (f"Voor geen enkele wijk van {naam} is het aandeel jongeren met jeugdzorg in {year} bekend, "
                "dus is er niets te vergelijken met de verwachting.")
    more = known.loc[known["verdict"] == "meer dan verwacht", "name"].tolist()
    less = known.loc[known["verdict"] == "minder dan verwacht", "name"].tolist()
    parts = []
    if more:
        parts.append(f"{dutch_list(more)} {'heeft' if len(more) == 1 else 'hebben'} meer jeugdzorg dan de "
                     "bevolking verklaart")
    if less:
        parts.append(f"{dutch_list(less)} {'heeft' if len(less) == 1 else 'hebben'} minder jeugdzorg dan verwacht")
    if not parts:
        return (f"In {year} ligt het aandeel jongeren met jeugdzorg in alle {len(known)} wijken van {naam} met een "
                "cijfer binnen wat hun bevolking en gemeente doen verwachten.")
    return (f"In {year}: " + "; ".join(parts) + f" (buiten het 95%-interval; {len(known)} wijken met een cijfer).")


MAX_ROWS = 30  # more wijken than this (Amsterdam has ~100): the chart shows a selection, the table all


def chart_rows(rows: pd.DataFrame, max_rows: int = MAX_ROWS) -> pd.DataFrame:
    """The wijken the chart shows, largest difference (observed − expected) first.

    Up to ``max_rows`` wijken: all of them if they fit; otherwise every wijk outside its interval and,
    to fill up, those with the largest difference inside it (wijken without an observed share left out).
    """
    order = rows.assign(_abs=rows["residual"].abs()).sort_values(["residual", "code"], ascending=[False, True],
                                                                 na_position="last", kind="stable")
    if len(rows) <= max_rows:
        return order.drop(columns="_abs")
    known = order[order["verdict"].notna()]
    outside = known[known["verdict"] != "binnen verwachting"]
    inside = known[known["verdict"] == "binnen verwachting"].sort_values(["_abs", "code"], ascending=[False, True],
                                                                          kind="stable")
    keep = set(outside["code"]) | set(inside["code"].iloc[:max(max_rows - len(outside), 0)])
    return order[order["code"].isin(keep)].drop(columns="_abs")


def expected_title(rows: pd.DataFrame, naam: str, year: int, shown: int | None = None) -> str:
    """The finding in a short title; when the chart shows a selection, a second line says which."""
    known = rows[rows["verdict"].notna()]
    more = int((known["verdict"] == "meer dan verwacht").sum())
    less = int((known["verdict"] == "minder dan verwacht").sum())
    if known.empty:
        title = f"{naam}, {year}: van geen enkele wijk is het aandeel jongeren met jeugdzorg bekend"
    elif more == less == 0:
        title = f"{naam}, {year}: alle {len(known)} wijken met een cijfer binnen de verwachting"
    else:
        title = (f"{naam}, {year}: {more or 'geen'} van de {len(known)} wijken meer jeugdzorg dan verwacht, "
                 f"{less or 'geen'} minder")
    if shown is not None and shown < len(rows):
        title += (f"<br><sup>{shown} van de {len(rows)} wijken: alle buiten het 95%-interval en de grootste "
                  "verschillen erbinnen; alle wijken in de tabel en de download</sup>")
    return title


def _labels(rows: pd.DataFrame) -> list[str]:
    """Wijk names for the axis: a name that occurs twice gets its code; no observed share says so."""
    twice = rows["name"].duplicated(keep=False)
    names = [f"{n} ({c})" if t else n for n, c, t in zip(rows["name"], rows["code"], twice)]
    return [f"{n} (geen cijfer)" if pd.isna(o) else n for n, o in zip(names, rows["observed"])]


def expected_chart(rows: pd.DataFrame, title: str) -> go.Figure:
    """Per wijk, in the order given (top to bottom): the expected share with its 95% interval (grey bar) and
    the observed share (dot, coloured by verdict). A share is never below 0%, so the axis starts at 0 and
    an interval or expectation below it is drawn from 0 (the hover text gives the model's own figure)."""
    labels = _labels(rows)
    expected, lower, upper = rows["expected"].clip(lower=0), rows["lower"].clip(lower=0), rows["upper"].clip(lower=0)
    hover = [f"verwacht {_pct(e)} (95%-interval {_pct(lo)} – {_pct(hi)})" + (
        "; onder 0%: het model past slecht bij deze wijk" if e < 0 else "")
        for e, lo, hi in zip(rows["expected"], rows["lower"], rows["upper"])]
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=expected, y=labels, mode="markers", name="verwacht (met 95%-interval)",
        marker={"symbol": "line-ns-open", "size": 14, "color": "#555"},
        error_x={"type": "data", "symmetric": False, "array": upper - expected, "arrayminus": expected - lower,
                 "color": "#bbb", "thickness": 6, "width": 0},
        customdata=hover, hovertemplate="%{y}: %{customdata}<extra></extra>"))
    for verdict, colour in COLOURS.items():
        part = rows["verdict"] == verdict
        if part.any():
            fig.add_trace(go.Scatter(
                x=rows.loc[part, "observed"], y=[lab for lab, p in zip(labels, part) if p], mode="markers",
                name=f"waargenomen: {verdict}", marker={"size": 10, "color": colour},
                customdata=[_pct(v) for v in rows.loc[part, "observed"]],
                hovertemplate="%{y}: waargenomen %{customdata}<extra></extra>"))
    top = float(pd.concat([upper, rows["observed"]]).max(skipna=True) or 1.0)
    fig.update_layout(title={"text": title}, height=max(300, 26 * len(rows) + 170),
                      margin={"l": 10, "r": 10, "t": 110, "b": 50},
                      xaxis={"title": "% jongeren met jeugdzorg", "range": [0, top * 1.05], "side": "bottom"},
                      yaxis={"autorange": "reversed", "categoryorder": "array", "categoryarray": labels},
                      legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0}, separators=",.")
    return fig


def chart_data(rows: pd.DataFrame) -> pd.DataFrame:
    """The download behind the chart, with Dutch column names."""
    return rows[["code", "name", "observed", "expected", "lower", "upper", "expected_national", "residual",
                 "verdict", "imputed"]].rename(columns={
        "code": "wijkcode", "name": "wijk", "observed": "waargenomen_pct", "expected": "verwacht_pct",
        "lower": "ondergrens_95", "upper": "bovengrens_95", "expected_national": "verwacht_landelijk_pct",
        "residual": "verschil_procentpunt", "verdict": "oordeel", "imputed": "kenmerken_aangevuld"})


def all_wijken_table(rows: pd.DataFrame):
    """Every wijk (not only those in the chart), largest difference first: numbers for sorting, Dutch text
    for reading (a pandas Styler)."""
    out = rows.sort_values(["residual", "code"], ascending=[False, True], na_position="last", kind="stable")
    out = out[["name", "observed", "expected", "lower", "upper", "residual", "verdict"]].rename(columns={
        "name": "wijk", "observed": "waargenomen (%)", "expected": "verwacht (%)", "lower": "ondergrens 95%",
        "upper": "bovengrens 95%", "residual": "verschil (procentpunt)", "verdict": "oordeel"})
    shown = {c: (lambda v: fmt_nl(v, 1)) for c in out.columns if c not in ("wijk", "oordeel")}
    shown["oordeel"] = lambda v: v if isinstance(v, str) else "geen cijfer"
    return out.style.format(shown)


def with_verdict(areas: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The map's rows (indicator_by_wijk) with the verdict of expected_by_wijk per wijk, for the map colours."""
    return areas.drop(columns="verdict", errors="ignore").merge(rows[["code", "verdict"]], on="code", how="left")


MODEL_ROWS = {"n_fitted": "wijken geschat (met een cijfer)",
              "n_suppressed": "wijken met een geheim aantal (onder 10), meegeteld als 'onder 10'",
              "n_predicted_only": "wijken zonder cijfer (krijgen wel een verwachting)",
              "n_groups": "gemeenten", "intercept": "verwacht aandeel bij gemiddelde kenmerken (%)",
              "r2_marginal": "R² kenmerken", "r2_conditional": "R² met gemeente",
              "sd_gemeente": "echte spreiding tussen gemeenten (procentpunt, bij het gemiddelde aandeel)",
              "sd_wijk": "echte spreiding tussen wijken binnen een gemeente (procentpunt, idem)",
              "imputed_pct": "aangevulde kenmerkwaarden (%)", "converged": "schatting geconvergeerd"}
MODEL_DECIMALS = {"n_fitted": 0, "n_suppressed": 0, "n_predicted_only": 0, "n_groups": 0, "intercept": 1,
                  "r2_marginal": 2, "r2_conditional": 2, "sd_gemeente": 1, "sd_wijk": 1, "imputed_pct": 2}


def model_table(model: pd.DataFrame) -> pd.DataFrame:
    """The fit of every year (expected_model) in Dutch, one column per year: n, R² without and with the
    gemeente, the spread left over between gemeenten and between wijken (standard deviations), the share imputed."""
    # tau² and sigma² are on the logit scale of the count model: near the average share p a logit step of s
    # is a step of s × p(1 − p) × 100 percentage points
    slope = model["intercept"] / 100 * (1 - model["intercept"] / 100) * 100
    out = model.assign(sd_gemeente=model["tau2"].clip(lower=0) ** 0.5 * slope,
                       sd_wijk=model["sigma2"].clip(lower=0) ** 0.5 * slope,
                       imputed_pct=model["share_imputed"] * 100).set_index("year")[list(MODEL_ROWS)].T
    shown = pd.DataFrame({str(y): [("ja" if v else "nee") if m == "converged" else fmt_nl(v, MODEL_DECIMALS[m])
                                   for m, v in out[y].items()] for y in out.columns})
    return pd.concat([pd.DataFrame({"maat": list(MODEL_ROWS.values())}), shown], axis=1)


def calibration_table(calibration: pd.DataFrame) -> pd.DataFrame:
    """The calibration per year and size quarter (expected_calibration) in Dutch: wijken above and below
    their interval, and the share outside — about 5% in every quarter when the verdict does not follow size."""
    names = {1: "kleinste kwart", 2: "tweede kwart", 3: "derde kwart", 4: "grootste kwart"}
    return pd.DataFrame({
        "jaar": calibration["year"].astype(str),
        "wijken naar aantal jongeren": [f"{names.get(g, g)} ({fmt_nl(lo)}–{fmt_nl(hi)})" for g, lo, hi in
                                        zip(calibration["size_group"], calibration["size_min"], calibration["size_max"])],
        "wijken": [fmt_nl(v) for v in calibration["wijken"]],
        "meer dan verwacht": [fmt_nl(v) for v in calibration["above"]],
        "minder dan verwacht": [fmt_nl(v) for v in calibration["below"]],
        "buiten het interval (%)": [fmt_nl(v, 1) for v in calibration["outside_pct"]],
    })


def coefficient_table(features: pd.DataFrame) -> pd.DataFrame:
    """Feature × year (expected_features): the coefficient in procentpunt per standard deviation with its
    standard error, how many wijken were imputed, or why the feature was left out that year."""
    def cell(r) -> str:
        if pd.isna(r.estimate):
            return f"weggelaten: {r.dropped_reason}"
        sign = "+" if r.estimate > 0 else ("−" if r.estimate < 0 else "")
        extra = f"; {int(r.imputed)} aangevuld" if r.imputed and r.imputed > 0 else ""
        return f"{sign}{fmt_nl(abs(r.estimate), 2)} (± {fmt_nl(r.std_error, 2)}{extra})"
    cells = features.assign(cel=[cell(r) for r in features.itertuples()], jaar=features["year"].astype(str))
    order = list(dict.fromkeys(features["label_nl"]))
    wide = cells.pivot(index="label_nl", columns="jaar", values="cel").reindex(order).fillna("–")
    wide.columns.name = None
    return wide.reset_index().rename(columns={"label_nl": "kenmerk"})
