"""CBS OData (v3 and v4) and PDOK WFS: addresses, a polite HTTP client, responses as tidy rows.

Nothing here knows the warehouse. ``refresh.download`` decides what to download and keeps the
cache; ``warehouse.refreshed`` turns cached responses into warehouse rows with the functions
below. Every download goes through a *fetch*: a callable ``fetch(url) -> bytes``. The real one is
:class:`Http` (urllib, standard library); tests pass a function that serves recorded responses.

Response shapes (see the recorded examples in ``tests/recorded/``):

* OData v3 (``opendata.cbs.nl/ODataApi`` and the bulk ``ODataFeed``): ``{"odata.metadata": ...,
  "value": [...], "odata.nextLink": ...}``. ``TypedDataSet`` rows are wide, one column per measure
  (``PercentageJongerenMetJeugdzorg_88``), numbers typed and with their decimals, secret or
  unknown cells ``null``; codes are space-padded (``'GM0363    '``). ``UntypedDataSet`` has text,
  with ``'.'`` (unknown or secret) and ``'x'`` (secret).
* OData v4 (``datasets.cbs.nl/odata/v1/CBS``): ``Observations`` in long form, one row per cell:
  ``Measure`` (a code from ``MeasureCodes``), ``Value``, ``ValueAttribute`` and one column per
  dimension; pages follow ``@odata.nextLink``.
* PDOK WFS 2.0 GeoJSON (``service.pdok.nl/cbs/gebiedsindelingen/<year>/wfs/v1_0``): a feature
  collection in EPSG:28992 unless asked otherwise; pages with ``count`` and ``startIndex``.
"""
from __future__ import annotations

import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

ODATA_V3_API = "https://opendata.cbs.nl/ODataApi/odata"
ODATA_V3_FEED = "https://opendata.cbs.nl/ODataFeed/odata"
ODATA_V4 = "https://datasets.cbs.nl/odata/v1/CBS"
PDOK_WFS = "https://service.pdok.nl/cbs/gebiedsindelingen/{year}/wfs/v1_0"
USER_AGENT = "VroegDoen-dashboard/1.0 (make refresh; open data van CBS en PDOK; python-urllib)"

Fetch = Callable[[str], bytes]
SUFFIX = re.compile(r"_\d+$")
PERIOD = re.compile(r"^(\d{4})([A-Z]{2})(\d{2})$")
REGION_DIM_TYPES = ("GeoDimension", "GeoDetail")


class FetchError(RuntimeError):
    """A download that failed; ``url`` says which, the message why (in Dutch)."""

    def __init__(self, url: str, reason: str):
        super().__init__(reason)
        self.url = url


class NoConnection(FetchError):
    """The server could not be reached at all (no network, DNS or connection refused)."""


class HttpStatusError(FetchError):
    """The server answered with an error status (``status``), e.g. 404 for an unknown table."""

    def __init__(self, url: str, status: int, reason: str = ""):
        super().__init__(url, f"HTTP {status} {reason}".strip())
        self.status = status


# --- the HTTP client ------------------------------------------------------------------------

class Http:
    """A polite HTTP GET: a User-Agent, a timeout, retries with exponential back-off, a pause.

    Parameters
    ----------
    timeout : float
        Seconds to wait for an answer (the CBS bulk feed can take a while per page).
    retries : int
        Extra attempts after a timeout, a dropped connection, HTTP 429 or a 5xx answer. Waits
        ``backoff * 2**attempt`` seconds (or the server's ``Retry-After``) between attempts.
    pause : float
        Seconds between two requests, so that a refresh never hammers the servers.
    urlopen, sleep : callable
        Injectable for tests (no sockets): ``urlopen(request, timeout=...)`` and ``sleep(s)``.

    Notes
    -----
    Until one request has succeeded, a connection failure raises :class:`NoConnection` at once,
    without retries: without a network the user hears so in a second, not after a minute.
    """

    RETRY_STATUS = {429, 500, 502, 503, 504}

    def __init__(self, timeout: float = 120.0, retries: int = 4, backoff: float = 2.0, pause: float = 0.25,
                 urlopen: Callable = urllib.request.urlopen, sleep: Callable[[float], None] = time.sleep):
        self.timeout, self.retries, self.backoff, self.pause = timeout, retries, backoff, pause
        self.urlopen, self.sleep = urlopen, sleep
        self.connected = False
        self.requests = 0

    def __call__(self, url: str) -> bytes:
        if self.requests and self.pause:
            self.sleep(self.pause)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"})
        for attempt in range(self.retries + 1):
            self.requests += 1
            wait = self.backoff * 2 ** attempt
            try:
                with self.urlopen(request, timeout=self.timeout) as response:
                    body = response.read()
                self.connected = True
                return body
            except urllib.error.HTTPError as exc:
                self.connected = True  # the server answered, if only with an error
                if exc.code not in self.RETRY_STATUS or attempt == self.retries:
                    raise HttpStatusError(url, exc.code, str(exc.reason or "")) from exc
                wait = _retry_after(exc.headers, wait)
            except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                if not self.connected:
                    raise NoConnection(url, f"geen verbinding ({reason})") from exc
                if attempt == self.retries:
                    raise FetchError(url, f"geen antwoord na {self.retries + 1} pogingen ({reason})") from exc
            self.sleep(wait)
        raise FetchError(url, "geen antwoord")  # not reached: the loop returns or raises


def _retry_after(headers, default: float) -> float:
    """The server's Retry-After in seconds (capped at two minutes), else ``default``."""
    try:
        return min(float(headers.get("Retry-After")), 120.0)
    except (TypeError, ValueError, AttributeError):
        return default


# --- addresses --------------------------------------------------------------------------------

def _query(params: dict[str, str]) -> str:
    # OData keeps '$', quotes, commas and parentheses readable; spaces become %20.
    return "&".join(f"{k}={urllib.parse.quote(str(v), safe=chr(36) + ',()')}" for k, v in params.items())


def v3_url(table_id: str, entity: str) -> str:
    """A metadata entity of an OData v3 table: TableInfos, DataProperties, a dimension."""
    return f"{ODATA_V3_API}/{table_id}/{entity}?$format=json"


def v3_feed_url(table_id: str, filter_: str | None = None, select: Iterable[str] | None = None) -> str:
    """The bulk feed of a v3 table (no 10,000-row cap; pages follow ``odata.nextLink``)."""
    params = {"$format": "json"}
    if filter_:
        params["$filter"] = filter_
    if select:
        params["$select"] = ",".join(select)
    return f"{ODATA_V3_FEED}/{table_id}/TypedDataSet?{_query(params)}"


def v4_url(table_id: str, entity: str, filter_: str | None = None) -> str:
    """An entity of an OData v4 table: Properties, Dimensions, MeasureCodes, <Dim>Codes, Observations."""
    return f"{ODATA_V4}/{table_id}/{entity}" + (f"?{_query({'$filter': filter_})}" if filter_ else "")


def region_filter(dimension: str, prefixes: Iterable[str]) -> str:
    """``startswith(RegioS,'NL') or startswith(RegioS,'GM')``: only these levels."""
    return " or ".join(f"startswith({dimension},'{p}')" for p in prefixes)


def pdok_url(year: int, layer: str, start: int = 0, count: int = 1000) -> str:
    """One page of a generalised PDOK boundary layer (``gemeente`` or ``wijk``) of one year."""
    params = {"service": "WFS", "version": "2.0.0", "request": "GetFeature",
              "typeNames": f"{layer}_gegeneraliseerd", "outputFormat": "json",
              "count": str(count), "startIndex": str(start)}
    return PDOK_WFS.format(year=year) + "?" + urllib.parse.urlencode(params)


def next_url(url: str, doc: dict, count: int | None = None) -> str | None:
    """The next page after ``doc``: the OData next link, or for WFS the next ``startIndex``."""
    link = doc.get("odata.nextLink") or doc.get("@odata.nextLink")
    if link:
        return link
    if "features" in doc and count and len(doc["features"]) >= count:
        parts = urllib.parse.urlsplit(url)
        params = dict(urllib.parse.parse_qsl(parts.query))
        params["startIndex"] = str(int(params.get("startIndex", 0)) + count)
        return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(params)))
    return None


# --- parsing ----------------------------------------------------------------------------------

def parse_json(body: bytes, url: str) -> dict | list:
    """A response as JSON; an HTML error page or broken body becomes a FetchError naming the URL."""
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(url, f"antwoord is geen JSON ({exc})") from exc


def values(doc: dict | list) -> list[dict]:
    """The rows of an OData answer (``value``) or of a v4 single-entity answer (the object)."""
    if isinstance(doc, list):
        return doc
    if "value" in doc and isinstance(doc["value"], list):
        return doc["value"]
    return [{k: v for k, v in doc.items() if not k.startswith(("@odata", "odata."))}]


def base_name(key: str) -> str:
    """CBS column name without its edition suffix: 'AantalInwoners_5' -> 'AantalInwoners'."""
    return SUFFIX.sub("", key)


def code(value) -> str:
    """A CBS code without its padding: 'GM0363    ' -> 'GM0363'; NL01 (RegioS) -> NL00."""
    text = str(value).strip()
    return "NL00" if text == "NL01" else text


def table_title(info_rows: list[dict]) -> tuple[str, str]:
    """Title and Modified stamp from v3 TableInfos or v4 Properties."""
    row = info_rows[0] if info_rows else {}
    return str(row.get("Title") or "").strip(), str(row.get("Modified") or "")


def v3_structure(properties: list[dict]) -> dict:
    """Dimensions and measures of a v3 table from its DataProperties.

    Returns
    -------
    dict
        ``region`` (the geo dimension key), ``period`` (time dimension key or None),
        ``categories`` (other dimension keys), ``topics`` ({column key: entry}), ``map_year``.
    """
    out = {"region": None, "period": None, "categories": [], "topics": {}, "map_year": None}
    for entry in properties:
        kind, key = entry.get("Type"), entry.get("Key")
        if kind in REGION_DIM_TYPES:
            out["region"] = key
            out["map_year"] = int(entry["MapYear"]) if str(entry.get("MapYear") or "").isdigit() else None
        elif kind == "TimeDimension":
            out["period"] = key
        elif kind == "Dimension":
            out["categories"].append(key)
        elif kind == "Topic" and key:
            out["topics"][key] = entry
    return out


SECRET_SYMBOLS = (".", "x", "×")  # UntypedDataSet: unknown or secret
NIL_SYMBOLS = ("-", "–")          # CBS 'nihil': zero


def parse_values(raw: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Cells as (numbers, flags): typed numbers as they are (already with their decimals, never
    divided again); UntypedDataSet text read with the CBS symbols ('.'/'x' secret, '-' zero)."""
    number = pd.to_numeric(raw, errors="coerce").astype(float)
    text = raw.where(number.isna() & raw.notna()).astype("string").str.strip()
    from_text = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce").astype(float)
    number = number.fillna(from_text)
    number = number.mask(text.isin(NIL_SYMBOLS).fillna(False).to_numpy(dtype=bool), 0.0)
    flags = np.where(text.isin(SECRET_SYMBOLS).fillna(False).to_numpy(dtype=bool), "secret", None)
    return number, flags


def v3_cells(rows: list[dict], structure: dict, wanted: set[str] | None = None) -> pd.DataFrame:
    """Wide v3 rows as tidy cells.

    Parameters
    ----------
    rows : list of dict
        ``TypedDataSet`` (or ``UntypedDataSet``) rows, all pages together.
    structure : dict
        From :func:`v3_structure`.
    wanted : set of str, optional
        Base names of the measures to keep (all numeric topics when None).

    Returns
    -------
    DataFrame
        ``region, period, category, measure, key, value, flag``: one row per cell; ``measure``
        is the base name, ``key`` the full column key, ``flag`` 'secret' where CBS marked the
        cell secret in text, else None. Text measures (names) are in ``value_text``.
    """
    region, period = structure["region"], structure["period"]
    category = structure["categories"][0] if structure["categories"] else None
    if len(structure["categories"]) > 1:
        raise ValueError(f"tabel met meer dan één extra dimensie: {structure['categories']}")
    keys = [k for k in structure["topics"] if wanted is None or base_name(k) in wanted]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=["region", "period", "category", "measure", "key", "value", "flag", "value_text"])
    keys = [k for k in keys if k in frame.columns]
    long = frame.melt(id_vars=[c for c in (region, period, category) if c], value_vars=keys,
                      var_name="key", value_name="raw")
    number, flags = parse_values(long["raw"])
    text = long["raw"].where(number.isna() & long["raw"].notna())
    return pd.DataFrame({
        "region": long[region].map(code),
        "period": long[period].astype(str).str.strip() if period else None,
        "category": long[category].astype(str).str.strip() if category else None,
        "measure": long["key"].map(base_name),
        "key": long["key"],
        "value": number,
        "flag": flags,
        "value_text": text.astype("string").str.strip(),
    })


V4_FIXED = {"Id", "ID", "Measure", "Value", "ValueAttribute", "StringValue"}
V4_MISSING = {"Impossible"}  # a cell that cannot occur; any other attribute with no value is suppressed


def v4_cells(rows: list[dict], measure_codes: list[dict]) -> pd.DataFrame:
    """v4 ``Observations`` as tidy cells (the same columns as :func:`v3_cells`).

    The region and period dimensions are recognised by their codes (``GM…``/``NL…``/``WK…`` and
    ``2023JJ00``); one other dimension becomes ``category``. ``measure`` is the v4 measure code,
    ``key`` its title from ``MeasureCodes``. A cell without a value whose ``ValueAttribute`` is not
    'None' or 'Impossible' is flagged secret (CBS's '.').
    """
    frame = pd.DataFrame(rows)
    titles = {m.get("Identifier"): str(m.get("Title") or "").strip() for m in measure_codes}
    dims = [c for c in frame.columns if c not in V4_FIXED]
    region = period = category = None
    for dim in dims:
        sample = frame[dim].dropna().astype(str).str.strip()
        if sample.str.match(r"^(NL|GM|WK|BU|PV|LD|CR)\d").all():
            region = dim
        elif sample.str.match(PERIOD).all():
            period = dim
        else:
            category = dim
    if region is None:
        raise ValueError("geen regiodimensie gevonden in de v4-observaties")
    raw = pd.to_numeric(frame["Value"], errors="coerce")
    attr = frame.get("ValueAttribute", pd.Series("None", index=frame.index)).fillna("None").astype(str)
    flag = np.where(raw.isna() & ~attr.isin(["None", *V4_MISSING]), "secret", None)
    return pd.DataFrame({
        "region": frame[region].map(code),
        "period": frame[period].astype(str).str.strip() if period else None,
        "category": frame[category].astype(str).str.strip() if category else None,
        "measure": frame["Measure"].astype(str).str.strip(),
        "key": frame["Measure"].astype(str).str.strip().map(titles),
        "value": raw.astype(float),
        "flag": flag,
        "value_text": pd.Series(pd.NA, index=frame.index, dtype="string"),
    })


def period_year(period: str | None) -> tuple[int | None, str]:
    """'2023JJ00' -> (2023, 'JJ'); '2023HJ01' -> (2023, 'HJ'); anything else -> (None, '')."""
    if period is None:
        return None, ""
    m = PERIOD.match(str(period).strip())
    return (int(m.group(1)), m.group(2)) if m else (None, "")


def feature_crs(doc: dict) -> str:
    """The CRS of a GeoJSON answer: its ``crs`` member, else RD (PDOK's default) when the
    coordinates are metres, else WGS84."""
    name = (((doc.get("crs") or {}).get("properties") or {}).get("name") or "")
    m = re.search(r"EPSG:+(\d+)", name)
    if m:
        return f"EPSG:{m.group(1)}"
    for feature in doc.get("features", []):
        coords = (feature.get("geometry") or {}).get("coordinates")
        while isinstance(coords, list) and coords and isinstance(coords[0], list):
            coords = coords[0]
        if coords:
            return "EPSG:28992" if abs(float(coords[0])) > 1000 else "EPSG:4326"
    return "EPSG:4326"
