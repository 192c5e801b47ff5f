-- One indicator for every gemeente in one year, with the map geometry.
-- Areas without a figure are kept (status 'missing') so that the map shows them as such.
-- Organisation figures carry privacy_kind/privacy_group: run_query suppresses small ones.
-- Grain: one row per gemeente (2024 indeling). Parameters: $indicator (VARCHAR), $year (INTEGER).
SELECT r.code, r.name,
       o.value,
       coalesce(o.status, 'missing') AS status,
       coalesce(o.is_derived, false) AS is_derived,
       o.derivation,
       o.numerator, o.denominator,
       s.credit, coalesce(s.is_demo, false) AS is_demo,
       i.privacy_kind, 'gemeenten' AS privacy_group,
       g.geojson, g.centroid_lon, g.centroid_lat
FROM region AS r
JOIN region_geometry AS g ON g.code = r.code AND g.indeling_year = r.geometry_year
JOIN indicator AS i ON i.indicator_id = $indicator
LEFT JOIN observation AS o
       ON o.region_code = r.code AND o.indeling_year = r.indeling_year
      AND o.indicator_id = $indicator AND o.year = $year
LEFT JOIN source AS s ON s.source_id = o.source_id
WHERE r.level = 'gemeente' AND r.indeling_year = 2024
ORDER BY r.code;
