-- Signals of one gemeente by category and outcome, per year: the cells behind the stacked bars per
-- year and the flow from signal to outcome. privacy_kind 'count': run_query hides a cell below the
-- threshold. The page also publishes each year's total and its share handled in the basis, so
-- complementary suppression works per year AND side (in_basis: the outcomes in the table
-- handled_in_basis, as in signals_by_year.sql): a side then has no hidden cell or at least two, and neither margin gives a
-- hidden cell away. In a year where a side has fewer than two non-zero cells, the whole year is one
-- group, so a lone small cell takes a cell of the other side with it.
-- The page sums only the cells it may show (never the totals of a category or outcome).
-- Grain: one row per year, category and outcome that has signals; oldest year first.
-- Parameters: $gemeente (VARCHAR, GMxxxx).
WITH cells AS (
    SELECT year(s.month) AS year, s.category, s.outcome,
           s.outcome IN (SELECT outcome FROM handled_in_basis) AS in_basis,
           sum(s.count) AS n,
           string_agg(DISTINCT src.credit, ' · ' ORDER BY src.credit) AS credit,
           coalesce(bool_or(src.is_demo), false) AS is_demo
    FROM signal AS s
    JOIN region AS r ON r.code = s.wijk_code AND r.indeling_year = s.indeling_year
    LEFT JOIN source AS src ON src.source_id = 'org:' || s.org
    WHERE r.level = 'wijk' AND r.parent_code = $gemeente
    GROUP BY ALL
),
sides AS (
    SELECT *, sum(CASE WHEN n > 0 THEN 1 ELSE 0 END) OVER (PARTITION BY year, in_basis) AS side_cells
    FROM cells
)
SELECT year, category, outcome, in_basis,
       n::DOUBLE AS value, n::DOUBLE AS numerator, 'value' AS status, 'count' AS privacy_kind,
       CASE WHEN min(side_cells) OVER (PARTITION BY year) >= 2
            THEN year::VARCHAR || CASE WHEN in_basis THEN ' basis' ELSE ' doorverwezen' END
            ELSE year::VARCHAR END AS privacy_group,
       credit, is_demo
FROM sides
ORDER BY year, category, outcome;
