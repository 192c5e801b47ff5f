-- The years and periods with referrer figures for a gemeente or its wijken, and whether its wijken
-- are in the bundled data for that year (table wijk_coverage: a cut-off file is 'not in the bundled
-- data', never zero). Grain: one row per year and period (half = first half year), newest first.
-- Parameters: $gemeente (VARCHAR).
WITH periods AS (
    SELECT DISTINCT o.year, o.indicator_id LIKE '%\_hj1' ESCAPE '\' AS half
    FROM observation AS o
    WHERE o.indicator_id IN ('jzw_trajecten', 'jzw_trajecten_hj1') AND o.region_code = 'NL00'
)
SELECT p.year, p.half,
       coalesce(c.in_bundle, false) AS in_bundle,
       coalesce(c.reason, 'geen wijkcijfers voor dit jaar in de meegeleverde gegevens') AS reason,
       EXISTS (SELECT 1 FROM observation AS g
               WHERE g.region_code = $gemeente AND g.year = p.year AND g.status = 'value'
                 AND g.indicator_id = CASE WHEN p.half THEN 'jzw_trajecten_hj1' ELSE 'jzw_trajecten' END) AS gemeente_has
FROM periods AS p
LEFT JOIN wijk_coverage AS c ON c.gemeente_code = $gemeente AND c.year = p.year
ORDER BY p.year DESC, p.half;
