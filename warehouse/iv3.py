"""Iv3 lasten and baten per gemeente and taakveld (CBS), 2023–2025: real spending for every gemeente.

An ``OPEN_DATA`` step of the build (``extend(raw_dir, tables) -> tables``). It reads the four files in
``data/raw/iv3_gemeenten/`` (gzip-compressed copies; the ``source`` rows carry the sha256 of the
original, uncompressed file, which is what the compressed file decompresses to) and fills the table
``iv3_lasten``: one row per gemeente, boekjaar, kind (begroot/gerealiseerd) and taakveld, in euro.

Rules (data/raw/SOURCES.md, Iv3 per gemeente):

- gemeenten come by *name*; a name maps to a code of the 2024 indeling (the ``region`` table, from
  ``geo/gemeente_2024.geojson``) when it is the same name, or the same name without CBS's
  parenthesised suffix (``Beek`` → ``Beek (L.)``) if exactly one 2024 gemeente has it. Any other
  name stops the build with one message naming the file and the names;
- the ``Nederland`` row is the sum of all gemeenten: it is left out, or every total doubles;
- the taakveld code is the label before the first space (labels are cut off at ~40 characters);
  it must be a taakveld of that boekjaar in ``iv3/iv3_taakvelden_gemeente_2017_2026.csv``, whose
  description replaces the file's (the file still says "6.2 Wijkteams" for 2023);
- the groups the dashboard compares are picked from that taakvelden table per boekjaar, so the
  2025 codes (6.21–6.23, 6.751–6.763, 6.792, 6.821–6.822) fall into the same groups as the 2023
  ones (6.2, 6.72a–6.74c, 6.82a–b). Every group must find codes in every boekjaar.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import re
from pathlib import Path

import pandas as pd

from warehouse.catalogue import CC_BY
from warehouse.loaders import InputError

FOLDER = "iv3_gemeenten"
# (boekjaar, kind, file stem): the begroting is what the gemeente planned, the jaarrekening what it spent.
FILES = [
    (2023, "begroot", "iv3_lasten_baten_2023_begroting"),
    (2023, "gerealiseerd", "iv3_lasten_baten_2023_jaarrekening"),
    (2024, "begroot", "iv3_lasten_baten_2024_begroting"),
    (2025, "begroot", "iv3_lasten_baten_2025_begroting"),
]
CREDIT = "Bron: CBS, Iv3"
RETRIEVED = "2026-12 (via michielsd/begrotingsanalysetool @ 67cc06d, Analysedata/Iv3/)"
NATIONAL_ROW = "Nederland"
COLUMNS = ["gemeente_code", "year", "kind", "taakveld", "omschrijving", "groep", "lasten", "baten",
           "inwoners", "source_id"]

# The groups, as patterns on the codes of the taakvelden table (tested per boekjaar):
# basis en toegang: 6.1 and 6.2 (2023–2024) / 6.21–6.23 (2025);
# specialist: 6.72–6.74 with their 2023 split (a–d), 6.751–6.763 and 6.792 (2025), 6.82 with a–b / 6.821–6.822;
# context: 7.1 Volksgezondheid, which holds jeugdgezondheidszorg.
GROUPS = {
    "basis": re.compile(r"6\.(1|2|2[123])"),
    "specialist": re.compile(r"6\.(7[234][a-d]?|7[56][1-3]|792|82[ab12]?)"),
    "context": re.compile(r"7\.1"),
}
GROUP_LABELS = {
    "basis": "Basis en toegang (6.1, 6.2)",
    "specialist": "Specialistische jeugdhulp en jeugdbescherming (6.72–6.82)",
    "context": "Volksgezondheid, o.a. jeugdgezondheidszorg (7.1)",
}


def source_id(stem: str) -> str:
    """The source id of one Iv3 file: 'cbs_iv3_' + its file name without 'iv3_lasten_baten_'."""
    return "cbs_iv3_" + stem.removeprefix("iv3_lasten_baten_")


def file_path(stem: str) -> str:
    """Where one Iv3 file lies in the project, relative to the root."""
    return f"data/raw/{FOLDER}/{stem}.csv.gz"


def _read(path: Path) -> tuple[pd.DataFrame, str]:
    """The file's rows (all text) and the sha256 of the original, uncompressed file."""
    if not path.exists():
        raise InputError(f"Invoerbestand ontbreekt: {path}")
    try:
        raw = gzip.decompress(path.read_bytes())
        df = pd.read_csv(io.BytesIO(raw), sep=";", dtype=str, keep_default_na=False, na_values=[""])
    except (OSError, EOFError, pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise InputError(f"Invoerbestand {path} is niet te lezen als gecomprimeerde CSV: {exc}") from exc
    missing = [c for c in ("Gemeenten", "Taakveld", "Lasten", "Baten", "Inwonertal") if c not in df.columns]
    if missing or df.empty:
        raise InputError(f"Invoerbestand {path} mist kolommen {missing or '(geen rijen)'}")
    return df, hashlib.sha256(raw).hexdigest()


def _strip_suffix(name: str) -> str:
    return re.sub(r"\s*\([^)]*\)$", "", name).strip()


def name_to_code(names: pd.Series, gemeenten: pd.DataFrame, path: Path) -> pd.Series:
    """Gemeente codes of the 2024 indeling for ``names``; the build stops on any name that does not map."""
    exact = dict(zip(gemeenten["name"], gemeenten["code"]))
    bare = gemeenten.assign(bare=gemeenten["name"].map(_strip_suffix)).groupby("bare")["code"].agg(list)
    loose = {name: codes[0] for name, codes in bare.items() if len(codes) == 1}
    codes = names.map({n: exact.get(n) or loose.get(n) for n in names.unique()})
    unmapped = sorted(set(names[codes.isna()]))
    if unmapped:
        raise InputError(f"Invoerbestand {path}: gemeentenaam {', '.join(repr(n) for n in unmapped)} komt niet "
                         "voor in de gemeenten van 2024 (data/raw/geo/gemeente_2024.geojson). Voeg de naam niet "
                         "met de hand toe: controleer of het bestand een andere indeling gebruikt.")
    return codes


def taakveld_groups(taakveld: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """(boekjaar, code, groep) for the grouped taakvelden of each boekjaar, from the taakvelden table."""
    rows = []
    for year in years:
        codes = taakveld.loc[taakveld["boekjaar"] == year, "code"]
        for groep, pattern in GROUPS.items():
            hits = [c for c in codes if pattern.fullmatch(c)]
            if not hits:
                raise InputError(f"De Iv3-taakveldentabel (data/raw/iv3/iv3_taakvelden_gemeente_2017_2026.csv) "
                                 f"heeft voor {year} geen taakveld in de groep {GROUP_LABELS[groep]!r}.")
            rows += [{"boekjaar": year, "code": c, "groep": groep} for c in hits]
    return pd.DataFrame(rows)


def load_file(path: Path, year: int, kind: str, sid: str, gemeenten: pd.DataFrame,
              taakveld: pd.DataFrame, groups: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """One Iv3 file as ``iv3_lasten`` rows (euro), and the sha256 of the original file."""
    df, digest = _read(path)
    df = df[df["Gemeenten"].str.strip() != NATIONAL_ROW]
    df = df.assign(code=name_to_code(df["Gemeenten"].str.strip(), gemeenten, path),
                   taakveld=df["Taakveld"].str.strip().str.split(" ", n=1).str[0].str.lower())
    known = taakveld.loc[taakveld["boekjaar"] == year].set_index("code")["omschrijving"]
    unknown = sorted(set(df["taakveld"]) - set(known.index))
    if unknown:
        raise InputError(f"Invoerbestand {path}: taakveld {', '.join(unknown)} bestaat niet in boekjaar {year} "
                         "(data/raw/iv3/iv3_taakvelden_gemeente_2017_2026.csv)")
    dup = df.duplicated(["code", "taakveld"], keep=False)
    if dup.any():
        first = df.loc[dup].iloc[0]
        raise InputError(f"Invoerbestand {path} heeft dubbele rijen voor gemeente {first['Gemeenten']!r}, "
                         f"taakveld {first['taakveld']} (twee namen voor één gemeente?)")
    numbers = {}
    for column in ("Lasten", "Baten", "Inwonertal"):
        numbers[column] = pd.to_numeric(df[column], errors="coerce")
        bad = numbers[column].isna() & df[column].notna()
        if bad.any():
            raise InputError(f"Invoerbestand {path}: kolom {column} heeft geen getal in de rij van "
                             f"{df.loc[bad, 'Gemeenten'].iloc[0]!r}: {df.loc[bad, column].iloc[0]!r}")
    if numbers["Inwonertal"].isna().any():
        raise InputError(f"Invoerbestand {path}: inwonertal ontbreekt voor "
                         f"{df.loc[numbers['Inwonertal'].isna(), 'Gemeenten'].iloc[0]!r}")
    groep = groups[groups["boekjaar"] == year].set_index("code")["groep"]
    out = pd.DataFrame({
        "gemeente_code": df["code"], "year": year, "kind": kind, "taakveld": df["taakveld"],
        "omschrijving": df["taakveld"].map(known), "groep": df["taakveld"].map(groep),
        "lasten": numbers["Lasten"] * 1000, "baten": numbers["Baten"] * 1000,  # the files: × 1.000 euro
        "inwoners": numbers["Inwonertal"].astype("int64"), "source_id": sid})
    return out[COLUMNS].reset_index(drop=True), digest


def source_row(stem: str, year: int, kind: str, digest: str) -> dict:
    """The ``source`` row of one Iv3 file: title, publisher, licence, file and its sha256."""
    what = "jaarrekening" if kind == "gerealiseerd" else "begroting"
    return {"source_id": source_id(stem), "title": f"Iv3 lasten en baten per gemeente en taakveld, {what} {year}",
            "publisher": "CBS", "licence": CC_BY, "credit": CREDIT, "file_path": file_path(stem),
            "retrieved": RETRIEVED, "sha256": digest, "is_demo": False}


def extend(raw_dir: Path, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The build's tables plus ``iv3_lasten`` and a ``source`` row per Iv3 file."""
    print("[+] Iv3 lasten per gemeente en taakveld 2023–2025 (iv3_gemeenten/*.csv.gz)", flush=True)
    region = tables["region"]
    gemeenten = region[(region["level"] == "gemeente") & (region["indeling_year"] == 2024)]
    groups = taakveld_groups(tables["taakveld"], sorted({y for y, _, _ in FILES}))
    parts, sources = [], []
    for year, kind, stem in FILES:
        rows, digest = load_file(raw_dir / FOLDER / f"{stem}.csv.gz", year, kind, source_id(stem),
                                 gemeenten, tables["taakveld"], groups)
        parts.append(rows)
        sources.append(source_row(stem, year, kind, digest))
    out = dict(tables)
    out["iv3_lasten"] = pd.concat(parts, ignore_index=True)
    out["source"] = pd.concat([tables["source"], pd.DataFrame(sources)], ignore_index=True)
    return out
