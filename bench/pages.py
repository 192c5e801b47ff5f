"""The pages the benchmarks time, and how one page is timed: warm, server side, median of 5.

Shared by ``bench/benchmark.py`` (every page on the shipped warehouse) and ``bench/national.py``
(every page on the national-scale one), so neither imports the other.
"""
from __future__ import annotations

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
PAGE_RUNS = 5
PAGES = {  # name: (page file, query params before the first run, text the page must show)
    "overview": ("views/overview.py", {}, "Almere in"),
    "map_gemeente": ("views/map.py", {}, "gemeenten met een cijfer"),
    "map_wijk_almere_2024": ("views/map.py", {"gemeente": "GM0034", "jaar": "2024", "niveau": "wijk",
                                             "indicator": "jeugdzorg_pct"}, "in 2024: "),
    "about_data": ("views/about_data.py", {}, "Over de data"),
    "preventie_en_zorg": ("views/trends.py", {"gemeente": "GM0034"}, "Preventie en zorg in Almere"),
    "wijken_vergelijken": ("views/wijken.py", {"gemeente": "GM0034", "jaar": "2024"}, "Wijken vergelijken"),
    "gemeenten_vergelijken": ("views/peers.py", {"gemeente": "GM0034"}, "vergelijkbare gemeenten"),
    "signalen": ("views/signals.py", {"gemeente": "GM0034", "jaar": "2024"}, "Signalen in Almere"),
    "investeringscase": ("views/investment.py", {"gemeente": "GM0034"}, "Investeringscase"),
}
# Wijk data for every gemeente (warehouse/wijkdata.py): pages for gemeenten other than Almere.
PAGES.update({
    "wie_verwijst_amsterdam": ("views/referrers.py", {"gemeente": "GM0363"}, "Wie verwijst naar jeugdzorg?"),
    "map_wijk_amsterdam_2024": ("views/map.py", {"gemeente": "GM0363", "jaar": "2024", "niveau": "wijk",
                                                "indicator": "jzw_aantal_hj1"}, "in 2024: "),
    "map_wijk_zwolle_2022": ("views/map.py", {"gemeente": "GM0193", "jaar": "2022", "niveau": "wijk",
                                             "indicator": "jzw_pct"}, "in 2022: "),
    "wijken_vergelijken_zwolle": ("views/wijken.py", {"gemeente": "GM0193", "jaar": "2021"}, "Wijken vergelijken"),
    # a large gemeente on every page that has its own figures (youth-care series, Iv3, expected use)
    "overview_amsterdam": ("views/overview.py", {"gemeente": "GM0363", "jaar": "2022"}, "Amsterdam in"),
    "preventie_en_zorg_amsterdam": ("views/trends.py", {"gemeente": "GM0363"}, "Preventie en zorg in Amsterdam"),
    "gemeenten_vergelijken_amsterdam": ("views/peers.py", {"gemeente": "GM0363"}, "vergelijkbare gemeenten"),
    "wijken_vergelijken_amsterdam": ("views/wijken.py", {"gemeente": "GM0363", "jaar": "2022"}, "Wijken vergelijken"),
    # issue 20: opened without a year or indicator, the wijk map picks the newest youth-care year itself
    "map_wijk_amsterdam_nieuwste": ("views/map.py", {"gemeente": "GM0363", "niveau": "wijk"},
                                    "wijken van Amsterdam met een cijfer"),
    # issue 23: what moved, and the comparison groups
    "wat_valt_op_amsterdam": ("views/noteworthy.py", {"gemeente": "GM0363"}, "Wat valt op in Amsterdam?"),
    "gemeenten_vergelijken_eigen_selectie": ("views/peers.py", {"gemeente": "GM0034", "groep": "eigen",
                                                                 "vergelijk": "GM0363,GM0599,GM0518"}, "vergelijkbare gemeenten"),
    "preventie_en_zorg_jeugdregio": ("views/trends.py", {"gemeente": "GM0363", "groep": "jeugdregio"},
                                     "Preventie en zorg in Amsterdam"),
})
if (ROOT / "views" / "data.py").exists():  # the upload page, newer than this benchmark's brief
    PAGES["data_aanleveren"] = ("views/data.py", {}, "Data aanleveren")
if (ROOT / "views" / "accessibility.py").exists():
    PAGES["toegankelijkheid"] = ("views/accessibility.py", {}, "Toegankelijkheid")


def median(values: list[float]) -> float:
    """The median, rounded to milliseconds."""
    return round(statistics.median(values), 3)


def page_texts(at: AppTest) -> str:
    """The titles, headers and messages a page shows, one per line."""
    parts = [e.value for kind in ("title", "header", "subheader", "info", "warning", "error")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


def bench_page(page: str, params: dict[str, str], must_show: str) -> dict:
    """One AppTest session: land on the default page, switch to `page`, run once warm, then time."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    started = time.perf_counter()
    at.run()  # first run: st.navigation registers the pages (switch_page needs it)
    if page != "views/overview.py":
        at.switch_page(page)
        at.run()
    cold = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(f"{page} raised: {at.exception[0].message}")
    text = page_texts(at)
    if must_show not in text:
        raise RuntimeError(f"{page} does not show {must_show!r}; it shows:\n{text[:500]}")
    times = []
    for _ in range(PAGE_RUNS):
        started = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - started)
    if at.exception:
        raise RuntimeError(f"{page} raised on a warm run: {at.exception[0].message}")
    if must_show not in page_texts(at):
        raise RuntimeError(f"{page} no longer shows {must_show!r} on the warm runs")
    shows = " | ".join(str(e.value) for kind in ("title", "subheader") for e in getattr(at, kind))
    return {"median_s": median(times), "runs_s": [round(t, 3) for t in times], "first_visit_s": round(cold, 3),
            "shows": shows}
