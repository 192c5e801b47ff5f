-- Years with the CBS youth-care share for gemeenten (gebruik tables 84134NED and 85099NED), newest first,
-- with how many of the 342 gemeenten of 2024 have a figure (earlier years miss gemeenten formed later).
-- Grain: one row per year. Parameters: none.
SELECT o.year, count(*) AS n_gemeenten,
       (SELECT count(*) FROM region WHERE level = 'gemeente' AND indeling_year = 2024) AS n_total
FROM observation AS o
JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
WHERE o.indicator_id IN ('jeugdzorg_reeks2015_pct', 'jeugdzorg_reeks2021_pct')
  AND r.level = 'gemeente' AND r.indeling_year = 2024 AND o.status = 'value'
GROUP BY o.year
ORDER BY o.year DESC;
