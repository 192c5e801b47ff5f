-- Youth-care costs of one gemeente per year, budgeted (begroot) and realised (gerealiseerd), from CBS
-- 83454NED. A year the gemeente did not report stays a row with status 'missing' and no value: a gap,
-- never 0. Grain: one row per year and kind (begroot, gerealiseerd). Parameters: $gemeente (VARCHAR).
SELECT o.year,
       CASE o.indicator_id WHEN 'jeugdzorg_kosten_begroot' THEN 'begroot' ELSE 'gerealiseerd' END AS soort,
       o.value, o.status, s.credit, s.title AS publicatie, o.is_derived, o.derivation, s.is_demo, i.privacy_kind
FROM observation AS o
JOIN source AS s ON s.source_id = o.source_id
JOIN indicator AS i ON i.indicator_id = o.indicator_id  -- privacy_kind: NULL for CBS figures
WHERE o.indicator_id IN ('jeugdzorg_kosten_begroot', 'jeugdzorg_kosten') AND o.source_id = 'cbs_83454'
  AND o.region_code = $gemeente AND o.indeling_year = 2024
ORDER BY o.year, soort;
