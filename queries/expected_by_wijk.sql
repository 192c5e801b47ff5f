-- Expected youth care per wijk of one gemeente in one year (issue 11): observed against what the
-- multilevel model expects given the wijk's population and its gemeente, with the 95% interval.
-- verdict: 'meer dan verwacht' / 'minder dan verwacht' (observed outside the interval),
-- 'binnen verwachting', or NULL where the observed share is unknown (secret or not published).
-- Grain: one row per wijk. Parameters: $gemeente (VARCHAR), $year (INTEGER).
SELECT e.region_code AS code, r.name, e.year,
       e.observed, e.expected, e.expected_national, e.residual, e.lower, e.upper, e.imputed,
       CASE WHEN e.observed IS NULL THEN NULL
            WHEN e.observed > e.upper THEN 'meer dan verwacht'
            WHEN e.observed < e.lower THEN 'minder dan verwacht'
            ELSE 'binnen verwachting' END AS verdict
FROM expected_use AS e
JOIN region AS r ON r.code = e.region_code AND r.indeling_year = e.indeling_year
WHERE r.parent_code = $gemeente AND e.year = $year
ORDER BY e.residual DESC NULLS LAST, e.region_code;
