-- Every gemeente's youth-care share in one year from the CBS gebruik table of that year's series, with
-- the group it is a share of (young people under 23) computed from CBS's own count and share: the funnel
-- on real counts. NL00 first. Grain: one row per area (land, gemeente of 2024) with a value.
-- Parameters: $year (INTEGER, 2015-2023).
WITH pct AS (
    SELECT region_code, indicator_id, value, is_derived, source_id FROM observation
    WHERE indicator_id IN ('jeugdzorg_reeks2015_pct', 'jeugdzorg_reeks2021_pct') AND year = $year
      AND indeling_year = 2024 AND status = 'value' AND value > 0
), cnt AS (
    SELECT region_code, value FROM observation
    WHERE indicator_id IN ('jeugdzorg_reeks2015_aantal', 'jeugdzorg_reeks2021_aantal') AND year = $year
      AND indeling_year = 2024 AND status = 'value'
)
SELECT r.code, r.name, r.level, pct.indicator_id, pct.value, cnt.value AS aantal,
       cnt.value / pct.value * 100 AS jongeren_cbs, pct.is_derived, s.credit, s.is_demo, i.privacy_kind
FROM pct
JOIN cnt USING (region_code)
JOIN region AS r ON r.code = pct.region_code AND r.indeling_year = 2024
JOIN source AS s ON s.source_id = pct.source_id
JOIN indicator AS i ON i.indicator_id = pct.indicator_id  -- privacy_kind: NULL for CBS figures
ORDER BY r.level = 'gemeente', r.code;
