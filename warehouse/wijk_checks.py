"""What the wijk bundle covers and how well the derived wijk figures hold: ``wijk_coverage`` and ``wijkdata_check``.

One job: for every 2024 gemeente and youth-care year whether its wijken are in the bundled data (and
why not), and the measured checks shown on Over de data.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from warehouse.wijk_catalogue import BOUNDARY_TOLERANCE_M, KWB_TABLES, WIJK_TABLES

def coverage_rows(tables: dict[int, tuple[pd.DataFrame, dict | None]], gemeenten_2024: pd.DataFrame,
                  kwb_gemeenten: dict[int, set[str]], mapping: dict[str, str]) -> pd.DataFrame:
    """For every 2024 gemeente and youth-care year: are its wijken in the bundled data, and if not, why."""
    rows = []
    years = {**{y: (None, None) for y in kwb_gemeenten}, **tables}
    for year, (df, cut) in sorted(years.items()):
        if df is None:
            present = {mapping.get(c, c) for c in kwb_gemeenten[year]}
            table, source = KWB_TABLES[year], "cbs_jz_wijken_2021_2022"
        else:
            present = {mapping.get(c, c) for c in df.loc[df.level == "gemeente", "code"]}
            table = next(t for t, y in WIJK_TABLES.items() if y == year)
            source = f"cbs_jz_wijken_{table}"
        for code, name in zip(gemeenten_2024["code"], gemeenten_2024["name"]):
            if code in present:
                ok, reason = True, ""
            elif cut is not None and (code >= cut["code"] if cut["by_code"] else _sort_key(name) >= _sort_key(cut["name"])):
                order = "op gemeentecode" if cut["by_code"] else "alfabetisch"
                ok, reason = False, (f"niet in de meegeleverde gegevens: het bestand van CBS-tabel {table} is na "
                                     f"10.000 rijen afgebroken, bij {cut['name']} ({order}); dit is geen nul")
            else:
                ok, reason = False, f"geen wijkcijfers in CBS-tabel {table} onder deze gemeentecode (herindeling)"
            rows.append({"gemeente_code": code, "year": year, "half_year": year == 2024, "in_bundle": ok,
                         "reason": reason, "source_id": source})
    return pd.DataFrame(rows)


def _sort_key(name: str) -> str:
    return re.sub(r"^'s-", "s", name.strip()).casefold()


# --- checks, shown on Over de data ------------------------------------------------------------------

def share_error(shares: pd.DataFrame, kwb2021: Path) -> dict[str, float]:
    """Derived 2021 share (wijk table / approximated 0–22) against the CBS percentage per gemeente (KWB 2021)."""
    cbs = pd.read_csv(kwb2021, dtype={"gemeentecode": str})[["gemeentecode", "jongeren_jeugdzorg_pct"]]
    ours = shares[(shares.indicator_id == "jzw_pct") & (shares.year == 2021) & (shares.level == "gemeente")]
    m = ours.merge(cbs, left_on="region_code", right_on="gemeentecode").dropna(subset=["jongeren_jeugdzorg_pct"])
    diff = m["value"] - m["jongeren_jeugdzorg_pct"]
    return {"n": len(m), "mean_abs": float(diff.abs().mean()), "mean": float(diff.mean()),
            "p90_abs": float(diff.abs().quantile(0.9)), "max_abs": float(diff.abs().max()),
            "rel_mean_abs": float((diff.abs() / m["jongeren_jeugdzorg_pct"]).mean())}


def check_rows(share: dict, boundary: pd.DataFrame, jz: pd.DataFrame, kwb_jz_2022: pd.Series,
               gem2022: pd.Series, kwb: pd.DataFrame) -> pd.DataFrame:
    """Measured figures for Over de data: share error, boundary rule, publication differences."""
    w = kwb[kwb.level == "wijk"].pivot(index="code", columns="year", values="a_opp_ha")
    stable = set(w.index[w[2021] == w[2022]])
    b22 = boundary[(boundary.indeling_year == 2022) & boundary.code.isin(stable) & boundary.shift_m.notna()]
    stable_p90, stable_p95 = float(b22.shift_m.quantile(0.9)), float(b22.shift_m.quantile(0.95))
    checked = boundary[boundary.shift_m.notna()].assign(same=lambda b: b["area_same"].fillna(False).astype(bool))
    rows = [
        ("share_mean_abs", "Afgeleid aandeel jeugdzorg 2021 tegen CBS-percentage (gemeenten): gemiddelde afwijking",
         share["mean_abs"], "procentpunt", f"{share['n']} gemeenten; gemiddeld verschil {share['mean']:+.2f}, "
         f"90% binnen {share['p90_abs']:.2f}, grootste {share['max_abs']:.2f} procentpunt"),
        ("share_rel_mean_abs", "Idem, relatief", share["rel_mean_abs"] * 100, "% van het CBS-percentage", ""),
        ("boundary_same", "Wijken 2021–2022 met dezelfde code in 2024 en een grensverschuiving binnen de tolerantie",
         float(checked.same.sum()), "wijken", f"van {len(checked)}; tolerantie {BOUNDARY_TOLERANCE_M:.0f} m "
         "(de afronding van de kaart van 2024: 0,001° is 70–110 m)"),
        ("boundary_median", "Mediaan van de gemiddelde grensverschuiving tegenover de kaart van 2024 (zelfde code)",
         float(checked.shift_m.median()), "m", "oppervlakteverschil gedeeld door de omtrek"),
        ("boundary_p90_stable", "90e percentiel van die verschuiving bij wijken waarvan de KWB-oppervlakte 2021 en "
         "2022 gelijk is (vrijwel zeker onveranderd)", stable_p90, "m",
         f"95e percentiel {stable_p95:.0f} m: bij de gekozen tolerantie blijft ongeveer 7% van zulke wijken ongetekend"),
    ]
    g22 = jz[(jz.level == "gemeente") & (jz.indicator_id == "jzw_aantal") & (jz.year == 2022)]["value"]
    rows.append(("nl_2022_som_gemeenten", "Nederland 2022: som van de gemeenten in de wijktabel", float(g22.sum()),
                 "personen", "CBS-totaal Nederland (gemeentebestand): " + f"{int(gem2022.loc['NL00']):,}".replace(",", ".")
                 + "; het verschil komt door afronding op vijftallen en geheime cellen, dus het landelijke cijfer "
                 "is dat van CBS en niet de som"))
    almere = jz[(jz.region_code == "GM0034") & (jz.indicator_id == "jzw_aantal") & (jz.year == 2022)]["value"]
    if len(almere) and "GM0034" in kwb_jz_2022.index:
        rows.append(("almere_2022_publicaties", "Almere 2022: jeugdzorgtabel per wijk tegen KWB 2022",
                     float(almere.iloc[0]), "personen", f"KWB 2022: {kwb_jz_2022['GM0034']:,.0f}".replace(",", ".")))
    return pd.DataFrame(rows, columns=["check_id", "label_nl", "value", "unit", "note"])

