-- Headline figures of one gemeente, each in the newest year with a figure on or before $year
-- ($year NULL: the newest year there is), with the NL figure of that same year — or, when NL has
-- none that year, of the newest year before it (else the nearest after), whose year the caller must
-- then say — and
-- where every figure comes from. Small organisation figures are suppressed by run_query (privacy_kind).
-- Used by the exports (reports/). Unlike headline_newest_by_gemeente (Overzicht), it lists only
-- indicators with a figure, accepts $year NULL and falls back to a later NL year.
-- Grain: one row per indicator with a figure. Parameters: $gemeente (VARCHAR), $year (INTEGER or NULL).
WITH own AS (
    SELECT * FROM observation
    WHERE region_code = $gemeente AND indeling_year = 2024 AND status = 'value'
      AND ($year IS NULL OR year <= $year)
    QUALIFY row_number() OVER (PARTITION BY indicator_id ORDER BY year DESC) = 1
),
nl AS (
    SELECT own.indicator_id, n.value AS nl_value, n.year AS nl_year
    FROM own
    JOIN observation AS n ON n.indicator_id = own.indicator_id AND n.region_code = 'NL00' AND n.status = 'value'
    QUALIFY row_number() OVER (PARTITION BY own.indicator_id
                               ORDER BY n.year <= own.year DESC, abs(n.year - own.year)) = 1
)
SELECT i.indicator_id, i.label_nl, i.unit, i.decimals, i.theme, i.polarity,
       own.year, own.value, own.numerator, own.denominator, own.status, own.is_derived, own.derivation,
       i.privacy_kind,
       nl.nl_value, nl.nl_year,
       s.credit, s.is_demo
FROM indicator AS i
JOIN own ON own.indicator_id = i.indicator_id
LEFT JOIN nl ON nl.indicator_id = i.indicator_id
LEFT JOIN source AS s ON s.source_id = own.source_id
ORDER BY i.theme DESC, i.indicator_id;
