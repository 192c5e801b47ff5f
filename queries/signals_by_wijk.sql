-- Signals of one gemeente per wijk in one year: how many, and the share handled in the basis (the
-- first two outcomes, as in signals_by_year.sql). Wijk names come from the indeling the signals were
-- registered in (codes are reused between indelingen). Two rows per wijk, so run_query hides small
-- figures: measure 'signalen' (privacy_kind 'count', numerator = value) and 'basis_pct'
-- (privacy_kind 'rate'), each measure one privacy_group: the wijken add up to the gemeente's figure
-- for the year, so a single hidden wijk takes the next smallest with it (as on the Kaart, which
-- orders the wijken by code too).
-- Grain: one row per wijk and measure, by wijk code, 'signalen' before 'basis_pct'.
-- Parameters: $gemeente (VARCHAR, GMxxxx), $year (INTEGER).
WITH per_wijk AS (
    SELECT s.wijk_code AS code, r.name, s.indeling_year,
           sum(s.count) AS total,
           coalesce(sum(s.count) FILTER (WHERE s.outcome IN (SELECT outcome FROM handled_in_basis)), 0) AS basis,
           string_agg(DISTINCT src.credit, ' · ' ORDER BY src.credit) AS credit,
           coalesce(bool_or(src.is_demo), false) AS is_demo
    FROM signal AS s
    JOIN region AS r ON r.code = s.wijk_code AND r.indeling_year = s.indeling_year
    LEFT JOIN source AS src ON src.source_id = 'org:' || s.org
    WHERE r.level = 'wijk' AND r.parent_code = $gemeente AND year(s.month) = $year
    GROUP BY ALL
)
SELECT code, name, indeling_year, measure, value, numerator, denominator, status, privacy_kind,
       privacy_group, credit, is_demo
FROM (
    SELECT code, name, indeling_year, 'signalen' AS measure, 1 AS sort, total::DOUBLE AS value,
           total::DOUBLE AS numerator, NULL::DOUBLE AS denominator, 'value' AS status,
           'count' AS privacy_kind, 'signalen' AS privacy_group, credit, is_demo
    FROM per_wijk
    UNION ALL
    SELECT code, name, indeling_year, 'basis_pct', 2, CASE WHEN total > 0 THEN basis / total * 100 END,
           basis::DOUBLE, total::DOUBLE, CASE WHEN total > 0 THEN 'value' ELSE 'missing' END, 'rate',
           'basis_pct', credit, is_demo
    FROM per_wijk
)
ORDER BY code, sort;
