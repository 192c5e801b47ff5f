-- Years in which gemeenten can be compared: per year, how many gemeenten have both a jeugdzorg
-- figure and a number of inwoners (what the funnel plot needs), out of all gemeenten. The page
-- compares on the year with the most such gemeenten (the first row).
-- Grain: one row per year with at least one such gemeente; most gemeenten first, then newest.
-- Parameters: none.
WITH complete AS (
    SELECT o.year, o.region_code
    FROM observation AS o
    JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
    WHERE r.level = 'gemeente' AND r.indeling_year = 2024 AND o.status = 'value'
      AND o.indicator_id IN ('jeugdzorg_pct', 'inwoners')
    GROUP BY o.year, o.region_code
    HAVING count(DISTINCT o.indicator_id) = 2
)
SELECT year,
       count(*) AS n_gemeenten,
       (SELECT count(*) FROM region WHERE level = 'gemeente' AND indeling_year = 2024) AS n_total
FROM complete
GROUP BY year
ORDER BY n_gemeenten DESC, year DESC;
