-- Signals of one gemeente per month of one year, by category and, separately, by outcome: the
-- stacked bars per month. Rows of dimension 'categorie' have a category as label, rows of
-- 'uitkomst' an outcome. privacy_kind 'count': run_query hides a month below the threshold, and
-- complementary suppression works per dimension and label (the months of one category add up to its
-- total for the year).
-- Grain: one row per dimension, label and month with signals. month is the first day (DATE).
-- Parameters: $gemeente (VARCHAR, GMxxxx), $year (INTEGER).
WITH cells AS (
    SELECT s.month, s.category, s.outcome, s.count, src.credit, src.is_demo
    FROM signal AS s
    JOIN region AS r ON r.code = s.wijk_code AND r.indeling_year = s.indeling_year
    LEFT JOIN source AS src ON src.source_id = 'org:' || s.org
    WHERE r.level = 'wijk' AND r.parent_code = $gemeente AND year(s.month) = $year
),
labelled AS (
    SELECT 'categorie' AS dimension, category AS label, month, count, credit, is_demo FROM cells
    UNION ALL
    SELECT 'uitkomst', outcome, month, count, credit, is_demo FROM cells
)
SELECT dimension, label, month,
       sum(count)::DOUBLE AS value, sum(count)::DOUBLE AS numerator, 'value' AS status,
       'count' AS privacy_kind, dimension || ': ' || label AS privacy_group,
       string_agg(DISTINCT credit, ' · ' ORDER BY credit) AS credit,
       coalesce(bool_or(is_demo), false) AS is_demo
FROM labelled
GROUP BY dimension, label, month
ORDER BY dimension, label, month;
