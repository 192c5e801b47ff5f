-- Youth care per year for a gemeente and NL from the CBS gebruik tables: the old series (84134NED,
-- 2015-2020), the new series (85099NED, 2021-2023) and the first half years of the new series
-- (2021-2024), each its own series so a chart never joins them; publication = the source title;
-- jongeren = the group the share is of (CBS count / CBS share x 100, both rounded), NULL without a count.
-- Grain: one row per area, indicator and year (status value or secret). Parameters: $gemeente (VARCHAR).
SELECT o.region_code AS code, r.name, o.indicator_id, i.label_nl, i.unit, o.year, o.value, o.status,
       o.is_derived, o.derivation, s.credit, s.title AS publicatie, s.is_demo, i.privacy_kind,
       CASE WHEN o.value > 0 THEN c.value / o.value * 100 END AS jongeren
FROM observation AS o
JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
JOIN indicator AS i ON i.indicator_id = o.indicator_id
JOIN source AS s ON s.source_id = o.source_id
LEFT JOIN observation AS c ON c.region_code = o.region_code AND c.indeling_year = o.indeling_year
     AND c.year = o.year AND c.status = 'value' AND c.indicator_id = replace(o.indicator_id, '_pct', '_aantal')
WHERE o.indicator_id IN ('jeugdzorg_reeks2015_pct', 'jeugdzorg_reeks2021_pct', 'jeugdzorg_hj1_pct')
  AND o.region_code IN ($gemeente, 'NL00') AND o.indeling_year = 2024
  AND o.status IN ('value', 'secret')
ORDER BY o.region_code = 'NL00', o.indicator_id, o.year;
