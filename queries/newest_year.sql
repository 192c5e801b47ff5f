-- The newest year with a published figure (status 'value') for one indicator and one gemeente:
-- for the gemeente itself (2024 indeling) and, apart, for any of its wijken (any year's indeling).
-- NULL where there is none. Use it through queries.newest_year(indicator, gemeente).
-- Grain: exactly one row. Parameters: $indicator (VARCHAR), $gemeente (VARCHAR, GMxxxx).
SELECT max(o.year) FILTER (WHERE o.region_code = $gemeente)        AS gemeente_year,
       max(o.year) FILTER (WHERE r.parent_code = $gemeente
                           AND r.level = 'wijk')                  AS wijk_year
FROM observation AS o
LEFT JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
WHERE o.indicator_id = $indicator
  AND o.status = 'value'
  AND (o.region_code = $gemeente OR r.parent_code = $gemeente);
