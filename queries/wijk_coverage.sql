-- Whether the wijken of one gemeente are in the bundled youth-care data, per year, and if not why
-- (a cut-off file: 'not in the bundled data', never zero). Grain: one row per year.
-- Parameters: $gemeente (VARCHAR).
SELECT year, half_year, in_bundle, reason, source_id
FROM wijk_coverage
WHERE gemeente_code = $gemeente
ORDER BY year;
