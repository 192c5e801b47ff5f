-- Headline figures of one gemeente, each indicator in its newest year on or before $year that has a
-- figure (value or CBS-secret); an indicator without any is listed with its own status of $year
-- ('missing', 'not_bundled'), so the page can say it is not published. With that year, the NL
-- figure of the nearest year on or before it, and where every figure comes from. Pages mix sources
-- that end in different years: this opens each on its newest figure and says which year that is.
-- Small organisation figures are suppressed by run_query (privacy_kind).
-- Grain: one row per indicator. Parameters: $gemeente (VARCHAR), $year (INTEGER).
WITH own AS (
    SELECT * FROM observation
    WHERE region_code = $gemeente AND indeling_year = 2024 AND year <= $year
      AND (status IN ('value', 'secret') OR year = $year)
    QUALIFY row_number() OVER (PARTITION BY indicator_id
                               ORDER BY status IN ('value', 'secret') DESC, year DESC) = 1
),
nl AS (
    SELECT o.indicator_id, o.value AS nl_value, o.year AS nl_year
    FROM observation AS o
    JOIN own ON own.indicator_id = o.indicator_id AND o.year <= own.year
    WHERE o.region_code = 'NL00' AND o.status = 'value'
    QUALIFY row_number() OVER (PARTITION BY o.indicator_id ORDER BY o.year DESC) = 1
)
SELECT i.indicator_id, i.label_nl, i.unit, i.decimals, i.theme, i.polarity, own.year,
       own.value, own.numerator, own.denominator, own.status, own.is_derived, own.derivation,
       i.privacy_kind,
       nl.nl_value, nl.nl_year,
       s.credit, s.is_demo
FROM indicator AS i
JOIN own ON own.indicator_id = i.indicator_id
LEFT JOIN nl ON nl.indicator_id = i.indicator_id
LEFT JOIN source AS s ON s.source_id = own.source_id
ORDER BY i.theme DESC, i.indicator_id;
