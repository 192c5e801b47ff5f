-- One indicator over the years for a gemeente and for NL, side by side in long form.
-- Grain: one row per area and year. Parameters: $gemeente (VARCHAR), $indicator (VARCHAR).
SELECT o.region_code AS code, r.name, o.year, o.value, o.numerator, o.denominator, o.status,
       o.is_derived, s.credit, s.is_demo, i.privacy_kind
FROM observation AS o
JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
JOIN source AS s ON s.source_id = o.source_id
JOIN indicator AS i ON i.indicator_id = o.indicator_id
WHERE o.indicator_id = $indicator
  AND o.region_code IN ($gemeente, 'NL00')
  AND o.indeling_year = 2024
ORDER BY o.region_code = 'NL00', o.year;
