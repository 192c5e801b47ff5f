-- One indicator for every gemeente in one year, with the map geometry.
-- Areas without a figure are kept (status 'missing') so that the map shows them as such.
-- Grain: one row per gemeente (2024 indeling). Parameters: $indicator (VARCHAR), $year (INTEGER).
SELECT r.code, r.name,
       o.value,
       coalesce(o.status, 'missing') AS status,
       coalesce(o.is_derived, false) AS is_derived,
       o.derivation,
       g.geojson, g.centroid_lon, g.centroid_lat
FROM region AS r
JOIN region_geometry AS g ON g.code = r.code AND g.indeling_year = r.geometry_year
LEFT JOIN observation AS o
       ON o.region_code = r.code AND o.indeling_year = r.indeling_year
      AND o.indicator_id = $indicator AND o.year = $year
WHERE r.level = 'gemeente' AND r.indeling_year = 2024
ORDER BY r.code;
