-- Share of youth-care trajecten referred by the gemeentelijke toegang over the years, for the
-- gemeente and NL, whole years and first half years as separate series (a half year is no year).
-- Gemeente figures from the wijk table exist from 2021 (2024: first half only).
-- Grain: one row per area, period kind and year. Parameters: $gemeente (VARCHAR).
SELECT CASE WHEN o.region_code = 'NL00' THEN 'Nederland' ELSE r.name END AS area,
       o.region_code, o.year,
       CASE WHEN o.indicator_id LIKE '%\_hj1' ESCAPE '\' THEN '1e halfjaar' ELSE 'heel jaar' END AS period,
       o.value, o.numerator, o.denominator, o.is_derived, s.credit, o.source_id, i.privacy_kind
FROM observation AS o
LEFT JOIN indicator AS i ON i.indicator_id = o.indicator_id
JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
JOIN source AS s ON s.source_id = o.source_id
WHERE o.indicator_id IN ('jzw_verw_toegang_pct', 'jzw_verw_toegang_pct_hj1')
  AND o.region_code IN ($gemeente, 'NL00') AND o.indeling_year = 2024 AND o.status = 'value'
ORDER BY area, period, o.year;
