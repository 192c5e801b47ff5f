-- Youth care per wijk and year for the effect evaluation (page "Werkt het?"): young people with youth
-- care in natura (CBS jzw_aantal; for 2024 only the first half year is published: jzw_aantal_hj1) for
-- every wijk of the 2024 indeling, in every year of the per-wijk youth-care table. A year is followed only
-- where the wijk had the same area as in 2024 (wijk_boundary.same, or the 2024 indeling itself); other
-- years come back with followed = false and the reason, so the page can say what was left out.
-- aantal is NULL where CBS keeps the figure secret (status 'secret') — missing, never zero.
-- $gemeente = '' means: every gemeente with kinderwerk reach per wijk (pooled).
-- Grain: one row per 2024 wijk and year. Parameters: $gemeente (VARCHAR).
WITH scope AS (
    SELECT code AS gemeente FROM region
    WHERE level = 'gemeente' AND indeling_year = 2024 AND code = $gemeente
    UNION
    SELECT r.parent_code FROM observation AS o
    JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year AND r.level = 'wijk'
    WHERE $gemeente = '' AND o.indicator_id = 'kinderwerk_bereik_pct'
),
wijk AS (
    SELECT code, name, parent_code AS gemeente
    FROM region
    WHERE level = 'wijk' AND indeling_year = 2024 AND parent_code IN (SELECT gemeente FROM scope)
)
SELECT w.gemeente, w.code AS wijk, w.name, o.year,
       CASE WHEN o.status = 'value' THEN o.value END AS aantal,
       o.status,
       o.indicator_id = 'jzw_aantal_hj1' AS half_year,
       (o.indeling_year = 2024 OR coalesce(b.same, false)) AS followed,
       CASE WHEN o.indeling_year = 2024 OR coalesce(b.same, false) THEN ''
            ELSE coalesce(nullif(b.reason, ''), 'grens niet te vergelijken met 2024') END AS reason,
       s.credit
FROM wijk AS w
JOIN observation AS o
  ON o.region_code = w.code
 AND ((o.indicator_id = 'jzw_aantal' AND o.year < 2024) OR (o.indicator_id = 'jzw_aantal_hj1' AND o.year = 2024))
 AND o.indeling_year = o.year
LEFT JOIN wijk_boundary AS b ON b.code = o.region_code AND b.indeling_year = o.indeling_year
LEFT JOIN source AS s ON s.source_id = o.source_id
ORDER BY w.gemeente, w.code, o.year;
