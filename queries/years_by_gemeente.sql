-- Years with at least one published figure for a gemeente or any of its wijken.
-- Grain: one row per year, newest first. Parameters: $gemeente (VARCHAR, GMxxxx).
SELECT DISTINCT o.year
FROM observation AS o
LEFT JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
WHERE o.status = 'value'
  AND (o.region_code = $gemeente OR r.parent_code = $gemeente)
ORDER BY o.year DESC;
