-- Years in which an indicator has figures on a map level, with how many areas have one.
-- For wijken only within the chosen gemeente. Grain: one row per year, newest first.
-- Parameters: $level (VARCHAR: 'gemeente'|'wijk'), $gemeente (VARCHAR), $indicator (VARCHAR).
SELECT o.year,
       count(*) FILTER (WHERE o.status = 'value') AS n_value,
       count(*) FILTER (WHERE o.status = 'secret') AS n_secret,
       bool_and(r.geometry_year IS NOT NULL) AS drawable
FROM observation AS o
JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
WHERE r.level = $level AND o.indicator_id = $indicator
  AND ($level = 'gemeente' OR r.parent_code = $gemeente)
GROUP BY o.year
HAVING n_value > 0
ORDER BY o.year DESC;
