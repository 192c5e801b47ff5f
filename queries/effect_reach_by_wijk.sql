-- Kinderwerk reach per wijk and year for the effect evaluation (page "Werkt het?"): the children 4–14
-- reached in an average month (numerator) and the children 4–14 of the wijk (denominator, CBS 0–14 × 11/15;
-- see warehouse/org_publish.sql), for the wijken of the 2024 indeling, in the years whose wijk had the same
-- area as in 2024 (the same rule as effect_youthcare_by_wijk). Reach in a wijk of another boundary cannot
-- be placed in a 2024 wijk: it comes back with followed = false. run_query suppresses small figures.
-- $gemeente = '' means: every gemeente with kinderwerk reach per wijk (pooled).
-- Grain: one row per 2024 wijk and year with reach. Parameters: $gemeente (VARCHAR).
WITH wijk AS (
    SELECT code, name, parent_code AS gemeente
    FROM region
    WHERE level = 'wijk' AND indeling_year = 2024 AND ($gemeente = '' OR parent_code = $gemeente)
)
SELECT w.gemeente, w.code AS wijk, o.year, o.value, o.numerator, o.denominator, o.status,
       (o.indeling_year = 2024 OR coalesce(b.same, false)) AS followed,
       coalesce(s.is_demo, false) AS is_demo, s.credit,
       i.privacy_kind, w.gemeente || '-' || o.year AS privacy_group
FROM wijk AS w
JOIN observation AS o ON o.region_code = w.code AND o.indicator_id = 'kinderwerk_bereik_pct'
JOIN indicator AS i ON i.indicator_id = o.indicator_id
LEFT JOIN wijk_boundary AS b ON b.code = o.region_code AND b.indeling_year = o.indeling_year
LEFT JOIN source AS s ON s.source_id = o.source_id
ORDER BY w.gemeente, w.code, o.year;
