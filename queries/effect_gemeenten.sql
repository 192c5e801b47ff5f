-- Gemeenten (2024) with kinderwerk reach per wijk, for the effect evaluation (page "Werkt het?"):
-- whether they can be pooled, and whether their reach is demo data.
-- Grain: one row per gemeente. Parameters: none.
SELECT r.parent_code AS gemeente, g.name, bool_or(coalesce(s.is_demo, false)) AS is_demo,
       min(o.year) AS first_year, max(o.year) AS last_year
FROM observation AS o
JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year AND r.level = 'wijk'
JOIN region AS g ON g.code = r.parent_code AND g.indeling_year = 2024 AND g.level = 'gemeente'
LEFT JOIN source AS s ON s.source_id = o.source_id
WHERE o.indicator_id = 'kinderwerk_bereik_pct'
GROUP BY ALL
ORDER BY r.parent_code;
