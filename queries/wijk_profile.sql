-- Every indicator for every wijk of one gemeente in one year (that year's wijk indeling), plus the
-- gemeente itself for reference. Organisation figures carry privacy_kind and one privacy_group
-- per indicator, so run_query suppresses small cells and their complements.
-- Grain: one row per area and indicator. Parameters: $gemeente (VARCHAR), $year (INTEGER).
WITH indeling AS (
    SELECT coalesce(max(indeling_year) FILTER (WHERE indeling_year = $year), 2024) AS y
    FROM region
    WHERE level = 'wijk' AND parent_code = $gemeente
),
areas AS (
    SELECT r.code, r.name, r.indeling_year, 'wijk' AS level
    FROM region AS r JOIN indeling ON r.indeling_year = indeling.y
    WHERE r.level = 'wijk' AND r.parent_code = $gemeente
    UNION ALL
    SELECT code, name, indeling_year, 'gemeente' FROM region
    WHERE code = $gemeente AND indeling_year = 2024
)
SELECT a.code, a.name, a.level, i.indicator_id, i.label_nl, i.unit, i.decimals, i.theme, i.polarity,
       o.value, o.numerator, o.denominator, o.status, s.credit, s.is_demo,
       i.privacy_kind, CASE WHEN a.level = 'wijk' THEN i.indicator_id END AS privacy_group
FROM areas AS a
JOIN observation AS o ON o.region_code = a.code AND o.indeling_year = a.indeling_year AND o.year = $year
JOIN indicator AS i ON i.indicator_id = o.indicator_id
JOIN source AS s ON s.source_id = o.source_id
WHERE o.status IN ('value', 'secret')
ORDER BY a.level DESC, a.code, i.theme, i.indicator_id;
