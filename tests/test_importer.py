"""The importer (orgdata/importer.py): reading CSV and XLSX, Dutch numbers, validation against
the data contract, the problem summary, and the personal-data guard. Pure: no store, no warehouse."""
from __future__ import annotations

import io
import math
import re
from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import Workbook

from orgdata.contract import SIGNAL_CATEGORIES, TEMPLATES
from orgdata.importer import (Context, ImportRefused, bsn_11_proef, check_file, parse_numbers, personal_data,
                                read_table, summarise, validate)

CTX = Context(
    wijken={2019: {"WK003401", "WK003402"}, 2024: {"WK003401", "WK003402", "WK003403"}},
    wijk_indelingen={"GM0034": {2019, 2024}},
    gemeenten={"GM0034", "GM0363", "GM1980"},
    merged_gemeenten={"GM0416": "GM1980", "GM0398": "GM1980"},
    taakvelden={2022: {"6.1", "6.2", "6.72", "6.82"}, 2023: {"6.1", "6.2", "6.72a", "6.72b", "6.82a"},
                2024: {"6.1", "6.2", "6.72a", "6.72b", "6.82a"}},
    today=date(2024, 6, 15),
)
SIGNAL_HEADER = "wijkcode;maand;categorie;uitkomst;aantal"
SIGNAL_ROW = "WK003401;2024-03;opvoeding;samen met ouders opgelost;7"
REACH_HEADER = "wijkcode;maand;activiteit;leeftijdsgroep;unieke_kinderen;contacten;uren"
SPEND_HEADER = "gemeentecode;jaar;taakveld;soort;bedrag_euro"
DUTCH_WORDS = re.compile(r"\b(het|de|een|is|niet|geen|kolom|bestand|bevat|lijkt|regel)\b", re.I)


def csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def check(data: bytes, kind: str = "signalen", name: str = "bestand.csv"):
    return check_file(data, name, kind, CTX)


def problems(validation) -> list[tuple]:
    return [(r.regel, r.kolom, r.probleem) for r in validation.problems.itertuples()]


def xlsx(rows: list[list], sheets_before: tuple[str, ...] = ()) -> bytes:
    wb = Workbook()
    first = wb.active
    for i, name in enumerate(sheets_before):
        ws = first if i == 0 else wb.create_sheet(name)
        ws.title = name
        ws.append(["uitleg bij het bestand"])
    data = wb.create_sheet("gegevens") if sheets_before else first
    for row in rows:
        data.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- reading ---------------------------------------------------------------------------------

def test_read_table_semicolon_means_dutch_numbers():
    df, dutch = read_table(csv("a;b", "1;2,5"), "x.csv")
    assert (list(df.columns), df.values.tolist(), dutch) == (["a", "b"], [["1", "2,5"]], True)


def test_read_table_comma_means_decimal_point():
    df, dutch = read_table(csv("a,b", '1,"2.5"'), "x.csv")
    assert (list(df.columns), df.values.tolist(), dutch) == (["a", "b"], [["1", "2.5"]], False)


def test_read_table_keeps_every_cell_as_text():
    df, _ = read_table(csv("a;b;c", "007;;NA"), "x.csv")
    assert df.values.tolist() == [["007", "", "NA"]]  # no leading zeros lost, no NaN for NA


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
def test_read_table_utf8_bom_and_windows_1252_give_the_same_text(encoding):
    df, _ = read_table(csv("wijkcode;opmerking", "WK003401;Coëlhorst café", encoding=encoding), "x.csv")
    assert list(df.columns) == ["wijkcode", "opmerking"]  # no BOM stuck to the first header
    assert df.values.tolist() == [["WK003401", "Coëlhorst café"]]


def test_read_table_decimal_comma_in_a_dutch_csv_is_read_as_a_number():
    v = validate(*read_table(csv(REACH_HEADER, "WK003401;2024-03;spelen;8-11;42;130;61,5"), "x.csv"),
                 TEMPLATES["bereik"], CTX)
    assert v.ok, problems(v)
    assert v.rows["hours"].tolist() == [61.5]


def test_read_table_xlsx_with_a_date_cell_in_maand_and_a_number_cell():
    data = xlsx([["wijkcode", "maand", "activiteit", "leeftijdsgroep", "unieke_kinderen", "contacten", "uren"],
                 ["WK003401", datetime(2024, 3, 1), "spelen", "8-11", 42, 130, 61.5]], sheets_before=("uitleg",))
    df, dutch = read_table(data, "sjabloon.xlsx")
    assert dutch is True
    assert df.values.tolist() == [["WK003401", "2024-03-01", "spelen", "8-11", "42", "130", "61,5"]]
    v = check(data, "bereik", "sjabloon.xlsx")
    assert v.ok, problems(v)
    assert (v.rows["month"].tolist(), v.rows["hours"].tolist(), v.rows["children_unique"].tolist()) == (
        [date(2024, 3, 1)], [61.5], [42])


def test_read_table_xlsx_is_recognised_by_its_content_whatever_the_name():
    data = xlsx([["a", "b"], [1, 2.25]])
    df, _ = read_table(data, "export.csv")
    assert df.values.tolist() == [["1", "2,25"]]


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "x.csv", "Het bestand is leeg;"),
    (b"  \n\n ", "x.csv", "Het bestand is leeg;"),
    (b"a;b\x00\n1;2\n", "x.csv", "geen tekstbestand"),
    (b"PK\x03\x04 kapot", "x.xlsx", "Het Excel-bestand is niet te openen"),
    (b'a;b\n"1;2\n', "x.csv", "niet te lezen als CSV"),
])
def test_read_table_refuses_what_it_cannot_read_in_dutch(data, name, message):
    with pytest.raises(ImportRefused, match=re.escape(message)):
        read_table(data, name)


def test_read_table_xlsx_with_only_an_explanation_sheet_is_refused():
    wb = Workbook()
    wb.active.title = "uitleg"
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(ImportRefused, match="geen werkblad met gegevens"):
        read_table(buffer.getvalue(), "x.xlsx")


# --- numbers ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "dutch", "expected"), [
    ("1.234,5", True, 1234.5),
    ("1.234,5", False, 1234.5),   # both signs: the last one is the decimal sign
    ("1,234.5", False, 1234.5),
    ("61,5", True, 61.5),
    ("61,5", False, 61.5),        # a lone comma is always a decimal comma
    ("1.234", True, 1234.0),      # Dutch: '.' groups thousands
    ("1.234", False, 1.234),
    ("1.234.567", True, 1234567.0),
    ("3.250.000", True, 3250000.0),
    ("€ 3.250.000", True, 3250000.0),
    ("12.5", True, 12.5),         # not a thousands group: a decimal point
    ("-7", True, -7.0),
    (" 42 ", True, 42.0),
    ("abc", True, math.nan),
    ("", True, math.nan),
    ("1,2,3", True, math.nan),
    ("1e5", False, math.nan),
])
def test_parse_numbers(text, dutch, expected):
    result = parse_numbers(pd.Series([text]), dutch).iloc[0]
    if math.isnan(expected):
        assert math.isnan(result)
    else:
        assert result == expected


# --- validation ------------------------------------------------------------------------------

def test_missing_required_columns_give_one_clear_dutch_message_naming_them():
    v = check(csv("wijkcode;maand;aantal", "WK003401;2024-03;7"))
    assert not v.ok and len(v.problems) == 1
    message = v.problems.iloc[0]["probleem"]
    assert message.startswith("Verplichte kolom(men) ontbreken: categorie, uitkomst.")
    assert "Verwacht: wijkcode, maand, categorie, uitkomst, aantal" in message and "sjabloon" in message
    assert v.problems.iloc[0]["regel"] == 1


def test_optional_columns_may_be_left_out():
    v = check(csv(REACH_HEADER, "WK003401;2024-03;spelen;8-11;42;130;61,5"), "bereik")
    assert v.ok and v.rows["parents_reached"].isna().all()


def test_extra_columns_are_a_warning_not_a_problem():
    v = check(csv(SIGNAL_HEADER + ";Opmerking", SIGNAL_ROW + ";loopt goed"))
    assert v.ok
    assert v.warnings == ["Kolommen die niet in het sjabloon staan worden genegeerd: opmerking."]


def test_headers_are_matched_without_case_or_spaces():
    v = check(csv(" WijkCode ;MAAND;Categorie;uitkomst;Aantal", SIGNAL_ROW))
    assert v.ok, problems(v)


def test_a_valid_file_gives_the_rows_in_warehouse_columns():
    v = check(csv(SIGNAL_HEADER, SIGNAL_ROW, "wk003402;2024-4;Armoede/Geldzorgen;Melding Veilig Thuis;0"))
    assert v.ok, problems(v)
    assert list(v.rows.columns) == ["wijk_code", "month", "category", "outcome", "count", "indeling_year"]
    assert v.rows.values.tolist() == [
        ["WK003401", date(2024, 3, 1), "opvoeding", "samen met ouders opgelost", 7.0, 2024],
        ["WK003402", date(2024, 4, 1), "armoede/geldzorgen", "melding Veilig Thuis", 0.0, 2024]]


@pytest.mark.parametrize(("row", "column", "problem"), [
    ("WK999901;2024-03;opvoeding;samen met ouders opgelost;7", "wijkcode",
     "Onbekende wijkcode in de wijkindeling van dat jaar"),
    # WK003403 exists in the 2024 indeling, not in Almere's own 2019 indeling
    ("WK003403;2019-03;opvoeding;samen met ouders opgelost;7", "wijkcode",
     "Onbekende wijkcode in de wijkindeling van dat jaar"),
    ("WK003401;2024-13;opvoeding;samen met ouders opgelost;7", "maand",
     "Geen geldige maand: schrijf JJJJ-MM (vanaf 2015)"),
    ("WK003401;maart 2024;opvoeding;samen met ouders opgelost;7", "maand",
     "Geen geldige maand: schrijf JJJJ-MM (vanaf 2015)"),
    ("WK003401;2014-12;opvoeding;samen met ouders opgelost;7", "maand",
     "Geen geldige maand: schrijf JJJJ-MM (vanaf 2015)"),
    ("WK003401;2024-07;opvoeding;samen met ouders opgelost;7", "maand", "Maand ligt in de toekomst"),
    ("WK003401;2024-03;opvoeding;samen met ouders opgelost;-2", "aantal", "Negatief aantal"),
    ("WK003401;2024-03;opvoeding;samen met ouders opgelost;2,5", "aantal", "Moet een heel getal zijn"),
    ("WK003401;2024-03;opvoeding;samen met ouders opgelost;veel", "aantal", "Geen getal"),
    ("WK003401;2024-03;opvoeding;samen met ouders opgelost;2000000", "aantal",
     "Onwaarschijnlijk groot (meer dan 1.000.000)"),
    ("WK003401;2024-03;opvoeding;samen met ouders opgelost;", "aantal", "Leeg, maar verplicht"),
    ("WK003401;2024-03;pesten;samen met ouders opgelost;7", "categorie",
     "Onbekende waarde; toegestaan: " + "; ".join(SIGNAL_CATEGORIES)),
    ("WK003401;2024-03;opvoeding;naar de huisarts;7", "uitkomst", "Onbekende waarde; toegestaan: "),
    ('WK003401;2024-03;"=HYPERLINK(""http://x.nl"",""klik"")";samen met ouders opgelost;7', "categorie",
     "Formule of opdracht niet toegestaan (begint met =, +, - of @)"),
    ("WK003401;2024-03;opvoeding;@SUM(A1);7", "uitkomst",
     "Formule of opdracht niet toegestaan (begint met =, +, - of @)"),
])
def test_a_row_problem_names_row_column_and_what_is_wrong(row, column, problem):
    v = check(csv(SIGNAL_HEADER, SIGNAL_ROW, row))
    assert not v.ok and v.rows.empty
    found = problems(v)
    assert any(r == 3 and k == column and p.startswith(problem) for r, k, p in found), found
    assert all(r == 3 for r, _, _ in found), "the good row 2 has no problem"


def test_a_year_of_the_old_indeling_accepts_its_own_wijk_and_a_year_without_one_uses_2024():
    v = check(csv(SIGNAL_HEADER, "WK003401;2019-03;opvoeding;samen met ouders opgelost;7",
                  "WK003403;2021-03;opvoeding;samen met ouders opgelost;7"))
    assert v.ok, problems(v)
    assert v.rows["indeling_year"].tolist() == [2019, 2024]


def test_duplicates_are_flagged_on_the_later_row_only():
    other = "WK003402;2024-03;opvoeding;samen met ouders opgelost;1"
    v = check(csv(SIGNAL_HEADER, SIGNAL_ROW, other, SIGNAL_ROW.replace(";7", ";8"), SIGNAL_ROW))
    assert [(r, k) for r, k, _ in problems(v)] == [(4, "wijkcode"), (5, "wijkcode")]
    assert problems(v)[0][2] == ("Dubbele rij: deze combinatie van wijkcode, maand, categorie, uitkomst "
                                 "komt vaker voor")


@pytest.mark.parametrize(("row", "column", "problem"), [
    ("GM0034;2023;6.72;gerealiseerd;1.000", "taakveld", "Onbekend Iv3-taakveld voor dat boekjaar"),
    ("GM0034;2022;6.72a;gerealiseerd;1.000", "taakveld", "Onbekend Iv3-taakveld voor dat boekjaar"),
    ("GM0416;2022;6.1;gerealiseerd;1.000", "gemeentecode",
     "Opgeheven gemeente (herindeling): gebruik de nieuwe gemeentecode"),
    ("GM9999;2022;6.1;gerealiseerd;1.000", "gemeentecode", "Onbekende gemeentecode (indeling 2024)"),
    ("GM0034;2014;6.1;gerealiseerd;1.000", "jaar", "Geen geldig jaar (2015 tot en met 2025)"),
    ("GM0034;2022;6.1;besteed;1.000", "soort", "Onbekende waarde; toegestaan: begroot; gerealiseerd"),
    ("GM0034;2022;6.1;begroot;6.000.000.000", "bedrag_euro", "Onwaarschijnlijk groot (meer dan 5.000.000.000)"),
])
def test_spending_problems(row, column, problem):
    v = check(csv(SPEND_HEADER, "GM0034;2022;6.72;gerealiseerd;3.250.000", row), "uitgaven")
    assert any(r == 3 and k == column and p == problem for r, k, p in problems(v)), problems(v)


def test_spending_taakveld_of_its_own_boekjaar_and_a_negative_amount_are_fine():
    v = check(csv(SPEND_HEADER, "GM0034;2022;6.72;gerealiseerd;3.250.000", "GM0034;2023;6.72A;begroot;-1.500,50"),
              "uitgaven")
    assert v.ok, problems(v)
    assert v.rows.values.tolist() == [["GM0034", 2022, "6.72", "gerealiseerd", 3250000.0],
                                      ["GM0034", 2023, "6.72a", "begroot", -1500.5]]


def test_only_a_header_is_one_problem():
    v = check(csv(SIGNAL_HEADER))
    assert problems(v) == [(2, "", "Het bestand bevat geen gegevensrijen.")] and v.n_rows == 0


def test_unknown_kind_is_refused():
    with pytest.raises(ImportRefused, match="Onbekend soort bestand 'personen'"):
        check(csv(SIGNAL_HEADER, SIGNAL_ROW), "personen")


# --- the problem summary ---------------------------------------------------------------------

def test_summarise_groups_a_thousand_errors_into_a_few_rows():
    rows = [f"WK003401;2024-{m:02d};{c};samen met ouders opgelost;-1" for m in range(1, 6)
            for c in SIGNAL_CATEGORIES] * 30  # 1,050 rows: negative and duplicated
    rows = [r.replace("WK003401", "WK999999") if i % 3 == 0 else r for i, r in enumerate(rows)]
    v = check(csv(SIGNAL_HEADER, *rows[:1000]))
    assert len(v.problems) > 1000
    summary = summarise(v.problems)
    assert list(summary.columns) == ["kolom", "probleem", "aantal", "regels"]
    assert len(summary) <= 4
    by = {(r.kolom, r.probleem.split(":")[0]): r for r in summary.itertuples()}
    negative = by[("aantal", "Negatief aantal")]
    assert negative.aantal == 1000
    assert negative.regels == "2, 3, 4, 5, 6 en 995 meer"
    assert sum(summary["aantal"]) == len(v.problems)


def test_summarise_of_few_errors_lists_them_all_and_of_none_is_empty():
    v = check(csv(SIGNAL_HEADER, SIGNAL_ROW.replace(";7", ";-1"), SIGNAL_ROW.replace("2024-03", "2024-04;").replace(
        ";7", "")))
    summary = summarise(v.problems)
    assert all(" meer" not in r for r in summary["regels"])
    assert summarise(pd.DataFrame(columns=["regel", "kolom", "probleem", "waarde"])).empty


# --- personal data ---------------------------------------------------------------------------

def refusal(data: bytes, kind: str = "signalen") -> str:
    with pytest.raises(ImportRefused) as info:
        check(data, kind)
    message = str(info.value)
    assert message.startswith("Het bestand is geweigerd omdat het persoonsgegevens lijkt te bevatten: ")
    assert message.endswith(" — lever alleen totalen per wijk en maand aan.")
    assert message.count(". ") == 0  # one sentence
    assert DUTCH_WORDS.search(message)
    return message


def test_bsn_11_proef():
    values = pd.Series(["111222333", "123456782", "123456789", "12345678", "111.222.333", "000000000", "abc"])
    assert bsn_11_proef(values).tolist() == [True, True, False, False, True, False, False]


def test_a_bsn_that_passes_the_11_proef_is_refused():
    message = refusal(csv(SIGNAL_HEADER + ";kenmerk", SIGNAL_ROW + ";111222333"))
    assert "kolom 'kenmerk' bevat een burgerservicenummer (BSN, voldoet aan de 11-proef), bijvoorbeeld op regel 2" \
        in message


def test_a_nine_digit_number_failing_the_11_proef_is_not_refused():
    v = check(csv(SIGNAL_HEADER + ";kenmerk", SIGNAL_ROW + ";123456789"))
    assert v.ok and v.warnings  # an extra column, nothing more


@pytest.mark.parametrize("header", ["naam", "Voornaam", "geboortedatum", "adres", "e-mail", "BSN", "telefoon"])
def test_a_column_named_like_personal_data_is_refused(header):
    message = refusal(csv(SIGNAL_HEADER + ";" + header, SIGNAL_ROW + ";x"))
    assert f"kolom '{header}' lijkt persoonsgegevens te bevatten" in message


@pytest.mark.parametrize(("value", "what"), [
    ("1234 AB 12", "een postcode met huisnummer"),
    ("1234AB-12", "een postcode met huisnummer"),
    ("jan.jansen@example.nl", "een e-mailadres"),
    ("12-03-2015", "een volledige datum (geboortedatum?)"),
    ("2016/3/9", "een volledige datum (geboortedatum?)"),
])
def test_a_value_that_looks_like_personal_data_is_refused(value, what):
    message = refusal(csv(SIGNAL_HEADER + ";opmerking", SIGNAL_ROW, SIGNAL_ROW.replace("2024-03", "2024-04")
                          + ";" + value))
    assert f"kolom 'opmerking' bevat {what}, bijvoorbeeld op regel 3" in message


def test_a_full_date_in_the_month_column_is_not_personal_data():
    v = check(csv(SIGNAL_HEADER, SIGNAL_ROW.replace("2024-03", "2024-03-01")))
    assert v.ok, problems(v)


def test_personal_data_reasons_name_every_column():
    template = TEMPLATES["signalen"]
    df = pd.DataFrame({"wijkcode": ["WK003401"], "achternaam": ["Jansen"], "contact": ["a@b.nl"]})
    assert personal_data(df, template) == [
        "kolom 'achternaam' lijkt persoonsgegevens te bevatten",
        "kolom 'contact' bevat een e-mailadres, bijvoorbeeld op regel 2"]


def test_the_template_example_rows_pass():
    for kind, template in TEMPLATES.items():
        rows = [";".join(str(v) for v in r) for r in template.example]
        v = check(csv(";".join(template.headers), *rows), kind)
        assert v.ok, (kind, problems(v))


# --- headers: doubled, empty, trailing (found by these tests, fixed in the importer) ----------------

@pytest.mark.parametrize("extra", ["Aantal", " aantal", "AANTAL "])
def test_two_headers_that_differ_only_in_case_or_spaces_are_one_dutch_problem(extra):
    v = check(csv(SIGNAL_HEADER + ";" + extra, SIGNAL_ROW + ";8"))
    assert problems(v) == [(1, "aantal", "Kolom(men) komen meer dan eens voor: aantal (hoofdletters en spaties "
                                         "tellen niet). Laat elke kolom één keer staan.")]


def test_xlsx_with_a_header_twice_is_one_dutch_problem():
    data = xlsx([["wijkcode", "maand", "categorie", "uitkomst", "aantal", "aantal"],
                 ["WK003401", "2024-03", "opvoeding", "samen met ouders opgelost", 7, 8]])
    v = check(data, name="x.xlsx")
    assert [(r, k) for r, k, _ in problems(v)] == [(1, "aantal")]


def test_xlsx_with_notes_in_columns_without_a_header_gets_a_dutch_answer_not_a_crash():
    one = xlsx([["wijkcode", "maand", "categorie", "uitkomst", "aantal", None],
                ["WK003401", "2024-03", "opvoeding", "samen met ouders opgelost", 7, "notitie"]])
    v = check(one, name="x.xlsx")
    assert v.ok and v.warnings == ["Kolommen die niet in het sjabloon staan worden genegeerd: kolom zonder kop 1."]
    two = xlsx([["wijkcode", "maand", "categorie", "uitkomst", "aantal", None, None],
                ["WK003401", "2024-03", "opvoeding", "samen met ouders opgelost", 7, "notitie", "nog een"]])
    v = check(two, name="x.xlsx")
    assert v.ok and v.warnings == ["Kolommen die niet in het sjabloon staan worden genegeerd: "
                                   "kolom zonder kop 1, kolom zonder kop 2."]


@pytest.mark.parametrize(("header", "row"), [(";;", ";;"), (";", ";"), (";;;", ";;;")])
def test_trailing_empty_columns_are_dropped_not_refused_as_personal_data(header, row):
    """Excel writes 'a;b;;' after formatted empty cells; pandas names them 'Unnamed: 5' ('name')."""
    v = check(csv(SIGNAL_HEADER + header, SIGNAL_ROW + row))
    assert v.ok and v.warnings == [], (problems(v), v.warnings)
