-- Signals of one gemeente per year: how many, and the share handled in the basis (the first two
-- outcomes, table handled_in_basis in warehouse/schema.sql; org_publish.sql counts the
-- same for signalen_basis_pct). Two rows per year, so run_query can hide small figures: measure
-- 'signalen' (privacy_kind 'count', numerator = value) and 'basis_pct' (privacy_kind 'rate',
-- numerator = signals handled in the basis, denominator = all signals). Demo or not comes from the
-- source of the organisation that delivered the signals ('org:' || org).
-- Grain: one row per year and measure, oldest year first, 'signalen' before 'basis_pct'.
-- Parameters: $gemeente (VARCHAR, GMxxxx).
WITH per_year AS (
    SELECT year(s.month) AS year,
           sum(s.count) AS total,
           coalesce(sum(s.count) FILTER (WHERE s.outcome IN (SELECT outcome FROM handled_in_basis)), 0) AS basis,
           string_agg(DISTINCT src.credit, ' · ' ORDER BY src.credit) AS credit,
           coalesce(bool_or(src.is_demo), false) AS is_demo
    FROM signal AS s
    JOIN region AS r ON r.code = s.wijk_code AND r.indeling_year = s.indeling_year
    LEFT JOIN source AS src ON src.source_id = 'org:' || s.org
    WHERE r.level = 'wijk' AND r.parent_code = $gemeente
    GROUP BY ALL
)
SELECT year, measure, value, numerator, denominator, status, privacy_kind, privacy_group, credit, is_demo
FROM (
    SELECT year, 'signalen' AS measure, 1 AS sort, total::DOUBLE AS value, total::DOUBLE AS numerator,
           NULL::DOUBLE AS denominator, 'value' AS status, 'count' AS privacy_kind,
           NULL::VARCHAR AS privacy_group, credit, is_demo
    FROM per_year
    UNION ALL
    SELECT year, 'basis_pct', 2, CASE WHEN total > 0 THEN basis / total * 100 END, basis::DOUBLE,
           total::DOUBLE, CASE WHEN total > 0 THEN 'value' ELSE 'missing' END, 'rate', NULL, credit, is_demo
    FROM per_year
)
ORDER BY year, sort;
