-- Headline figures of one gemeente in one year, each with the NL figure of the nearest year
-- on or before it, and where every figure comes from. Small organisation figures are suppressed
-- by run_query (privacy_kind).
-- Grain: one row per indicator. Parameters: $gemeente (VARCHAR), $year (INTEGER).
WITH own AS (
    SELECT * FROM observation
    WHERE region_code = $gemeente AND indeling_year = 2024 AND year = $year
),
nl AS (
    SELECT indicator_id, value AS nl_value, year AS nl_year
    FROM observation
    WHERE region_code = 'NL00' AND status = 'value' AND year <= $year
    QUALIFY row_number() OVER (PARTITION BY indicator_id ORDER BY year DESC) = 1
)
SELECT i.indicator_id, i.label_nl, i.unit, i.decimals, i.theme, i.polarity,
       own.value, own.numerator, own.denominator, own.status, own.is_derived, own.derivation,
       i.privacy_kind,
       nl.nl_value, nl.nl_year,
       s.credit, s.is_demo
FROM indicator AS i
JOIN own ON own.indicator_id = i.indicator_id
LEFT JOIN nl ON nl.indicator_id = i.indicator_id
LEFT JOIN source AS s ON s.source_id = own.source_id
ORDER BY i.theme DESC, i.indicator_id;
