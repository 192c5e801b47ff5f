-- Years with wijk figures for one gemeente, and whether that year's wijken can be drawn.
-- Grain: one row per year, newest first. Parameters: $gemeente (VARCHAR).
SELECT o.year,
       count(DISTINCT r.code) AS n_wijken,
       bool_and(r.geometry_year IS NOT NULL) AS drawable,
       min(r.indeling_year) AS indeling_year
FROM observation AS o
JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
WHERE r.level = 'wijk' AND r.parent_code = $gemeente AND o.status = 'value'
GROUP BY o.year
ORDER BY o.year DESC;
