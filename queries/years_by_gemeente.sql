-- Years with at least one published figure for a gemeente or any of its wijken, and whether the
-- gemeente itself has a whole-year youth-care figure that year (any indicator of the theme
-- 'specialistische zorg' except first-half-year ones, '%hj1%'): the default year is the newest such.
-- Grain: one row per year, newest first. Parameters: $gemeente (VARCHAR, GMxxxx).
SELECT o.year,
       bool_or(o.region_code = $gemeente AND i.theme = 'specialistische zorg'
               AND o.indicator_id NOT LIKE '%hj1%') AS has_jeugdzorg
FROM observation AS o
JOIN indicator AS i ON i.indicator_id = o.indicator_id
LEFT JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
WHERE o.status = 'value'
  AND (o.region_code = $gemeente OR r.parent_code = $gemeente)
GROUP BY o.year
ORDER BY o.year DESC;
