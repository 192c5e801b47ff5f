-- One indicator for every wijk of one gemeente in one year, in THAT year's wijk indeling.
-- geojson is NULL where no geometry of that indeling exists (e.g. Almere before 2022).
-- Years without a wijk indeling of their own in the warehouse fall back to the 2024 indeling.
-- Organisation figures carry privacy_kind/privacy_group: run_query suppresses small ones.
-- Grain: one row per wijk. Parameters: $gemeente (VARCHAR), $indicator (VARCHAR), $year (INTEGER).
WITH indeling AS (
    SELECT coalesce(max(indeling_year) FILTER (WHERE indeling_year = $year), 2024) AS y
    FROM region
    WHERE level = 'wijk' AND parent_code = $gemeente
)
SELECT r.code, r.name, r.indeling_year,
       o.value,
       coalesce(o.status, 'missing') AS status,
       coalesce(o.is_derived, false) AS is_derived,
       o.numerator, o.denominator,
       s.credit, coalesce(s.is_demo, false) AS is_demo,
       i.privacy_kind, 'wijken' AS privacy_group,
       g.geojson, g.centroid_lon, g.centroid_lat
FROM region AS r
JOIN indeling ON r.indeling_year = indeling.y
JOIN indicator AS i ON i.indicator_id = $indicator
LEFT JOIN region_geometry AS g ON g.code = r.code AND g.indeling_year = r.geometry_year
LEFT JOIN observation AS o
       ON o.region_code = r.code AND o.indeling_year = r.indeling_year
      AND o.indicator_id = $indicator AND o.year = $year
LEFT JOIN source AS s ON s.source_id = o.source_id
WHERE r.level = 'wijk' AND r.parent_code = $gemeente
ORDER BY r.code;
