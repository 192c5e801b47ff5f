"""Vroeg Doen — entry point: page set-up, navigation, the shared sidebar and the URL state.

The chosen gemeente and year live in the sidebar and in the URL (?gemeente=GM0034&jaar=2024),
so a copied link opens the same view. Pages read the choices from ``st.session_state``.

One job: the entry file. May import every room (the pages in views/ are named by path, not imported).
"""
from urllib.parse import urlencode

import streamlit as st

from queries import WarehouseMissing, downloads, run_query
from ui import accessibility_styles, signin

DEFAULT_GEMEENTE = "GM0034"  # Almere: the one gemeente with a wijk series in the open-data bundle

st.set_page_config(page_title="Vroeg Doen", page_icon="static/favicon.png", layout="wide")
accessibility_styles()  # visible focus (WCAG 2.4.7)


@st.cache_resource(show_spinner=False)
def follow_shared_store():
    """With the store on a PostgreSQL server: one thread per server process keeps this replica's
    warehouse copy up to date with imports made through other replicas (warehouse/follow.py)."""
    from warehouse import storedb
    if storedb.is_server(storedb.locate()):
        from warehouse import follow
        return follow.start()
    return None


follow_shared_store()

try:
    gemeenten = run_query("gemeenten")
except WarehouseMissing as exc:
    st.error(f"{exc}. Daarna deze pagina verversen.")
    st.stop()

names = dict(zip(gemeenten["code"], gemeenten["name"]))
state, params = st.session_state, st.query_params

# A click on the map asks for another gemeente; apply it before the widget is drawn.
if "pending_gemeente" in state:
    state["sidebar_gemeente"] = state.pop("pending_gemeente")
if state.get("sidebar_gemeente") not in names:
    state["sidebar_gemeente"] = params.get("gemeente") if params.get("gemeente") in names else DEFAULT_GEMEENTE

with st.sidebar:
    st.markdown("### Vroeg Doen")
    st.caption("Jeugdzorg en preventie per gemeente en wijk")
    gemeente = st.selectbox("Gemeente", list(names), format_func=names.get, key="sidebar_gemeente",
                            help="Typ om te zoeken. Of klik op de kaart op een gemeente.")
    year_rows = run_query("years_by_gemeente", gemeente=gemeente)
    years = year_rows["year"].tolist()
    if state.get("pending_jaar") in years:  # a click on another year's map
        state["sidebar_jaar"] = state.pop("pending_jaar")
    if state.get("sidebar_jaar") not in years:
        wanted = params.get("jaar")
        newest_with_care = year_rows.loc[year_rows["has_jeugdzorg"], "year"]
        default = int(newest_with_care.iloc[0]) if not newest_with_care.empty else years[0]
        state["sidebar_jaar"] = int(wanted) if wanted and wanted.isdigit() and int(wanted) in years else default
    jaar = st.selectbox("Jaar", years, key="sidebar_jaar",
                        help="Jaar van de CBS-editie (Kerncijfers wijken en buurten).")
    if len(years) == 1:
        st.caption(f"Voor {names[gemeente]} zit alleen {years[0]} in de meegeleverde open data.")
    signin.sidebar(signin.current())  # aanmelden/afmelden, only when [auth] is configured

state["gemeente"], state["gemeente_naam"], state["jaar"] = gemeente, names[gemeente], jaar
params["gemeente"], params["jaar"] = gemeente, str(jaar)

pages = [
    st.Page("views/overview.py", title="Overzicht", icon=":material/dashboard:", default=True),  # at "/"
    st.Page("views/noteworthy.py", title="Wat valt op?", icon=":material/campaign:", url_path="wat-valt-op"),
    st.Page("views/map.py", title="Kaart", icon=":material/map:", url_path="kaart"),
    st.Page("views/peers.py", title="Gemeenten vergelijken", icon=":material/compare_arrows:", url_path="gemeenten-vergelijken"),
    st.Page("views/trends.py", title="Preventie en zorg", icon=":material/trending_up:", url_path="preventie-en-zorg"),
    st.Page("views/wijken.py", title="Wijken vergelijken", icon=":material/table_chart:", url_path="wijken-vergelijken"),
    st.Page("views/referrers.py", title="Wie verwijst naar jeugdzorg?", icon=":material/alt_route:",
            url_path="wie-verwijst"),
    st.Page("views/signals.py", title="Signalen", icon=":material/notifications:", url_path="signalen"),
    st.Page("views/effect.py", title="Werkt het?", icon=":material/fact_check:", url_path="werkt-het"),
    st.Page("views/investment.py", title="Investeringscase", icon=":material/savings:", url_path="investeringscase"),
    st.Page("views/data.py", title="Data aanleveren", icon=":material/upload_file:", url_path="data"),
    st.Page("views/about_data.py", title="Over de data", icon=":material/info:", url_path="over-de-data"),
    st.Page("views/accessibility.py", title="Toegankelijkheid", icon=":material/accessibility:", url_path="toegankelijkheid"),
]
st.navigation(pages).run()

# After the page ran, the URL holds all of its state: share it, pinned to this data release.
release = str(run_query("build_info").iloc[0]["release_id"])
if params.get("release") and params.get("release") != release:
    st.sidebar.warning(f"Deze link hoort bij datarelease {params.get('release')}; u ziet datarelease {release}. "
                       "De cijfers kunnen sindsdien zijn bijgewerkt.", icon=":material/history:")
with st.sidebar.popover("Deel deze weergave", icon=":material/share:", width="stretch"):
    shared = {**params.to_dict(), "release": params.get("release") or release}
    base = (st.context.url or "").split("?")[0]
    st.caption(f"Deze link opent dezelfde gemeente, pagina en keuzes, vastgepind op datarelease {shared['release']}: "
               "wie hem later opent, ziet of de cijfers sindsdien zijn bijgewerkt.")
    st.code(f"{base}?{urlencode(shared)}", language=None, wrap_lines=True)
st.sidebar.caption(f"Datarelease {release}")
downloads.ensure(release)  # static/downloads/latest/ and /<release>/: the stable download addresses
