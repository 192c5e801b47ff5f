-- Years with at least one published figure for a gemeente or any of its wijken, and whether the
-- gemeente's own jeugdzorg figure is published that year (the default year is the newest such).
-- Grain: one row per year, newest first. Parameters: $gemeente (VARCHAR, GMxxxx).
SELECT o.year,
       bool_or(o.indicator_id = 'jeugdzorg_pct' AND o.region_code = $gemeente) AS has_jeugdzorg
FROM observation AS o
LEFT JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
WHERE o.status = 'value'
  AND (o.region_code = $gemeente OR r.parent_code = $gemeente)
GROUP BY o.year
ORDER BY o.year DESC;
