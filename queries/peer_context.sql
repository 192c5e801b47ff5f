-- Context and outcome figures of every gemeente (and NL) in one year, one column per indicator,
-- for statistical neighbours, the funnel plot and the rank among all gemeenten (views/peers.py).
-- A figure that CBS kept secret, or that is missing, is NULL; `secret` lists the indicators that
-- are secret, comma-separated ('' when none), so a page can say why a figure is absent.
-- The indicators are a fixed list of CBS figures, never organisation data, so nothing here is
-- subject to small-number suppression.
-- Grain: one row per area of the 2024 indeling at level 'land' (NL00, first) or 'gemeente'.
-- Parameters: $year (INTEGER, the KWB edition).
WITH obs AS (
    SELECT o.region_code, o.indeling_year, o.indicator_id, o.value, o.status, o.is_derived,
           s.credit, s.is_demo
    FROM observation AS o
    LEFT JOIN source AS s ON s.source_id = o.source_id
    WHERE o.year = $year
      AND o.indicator_id IN ('inwoners', 'kinderen_0_15_pct', 'jongeren_15_25_pct', 'inkomen_per_inwoner',
                             'bijstand_per_1000', 'bevolkingsdichtheid', 'jeugdzorg_pct', 'wmo_per_1000',
                             'huish_laag_inkomen_pct', 'huish_sociaal_minimum_pct')
)
SELECT r.code, r.name, r.level,
       max(obs.value) FILTER (WHERE obs.indicator_id = 'inwoners') AS inwoners,
       max(obs.value) FILTER (WHERE obs.indicator_id = 'kinderen_0_15_pct') AS kinderen_0_15_pct,
       max(obs.value) FILTER (WHERE obs.indicator_id = 'jongeren_15_25_pct') AS jongeren_15_25_pct,
       max(obs.value) FILTER (WHERE obs.indicator_id = 'inkomen_per_inwoner') AS inkomen_per_inwoner,
       max(obs.value) FILTER (WHERE obs.indicator_id = 'bijstand_per_1000') AS bijstand_per_1000,
       max(obs.value) FILTER (WHERE obs.indicator_id = 'bevolkingsdichtheid') AS bevolkingsdichtheid,
       max(obs.value) FILTER (WHERE obs.indicator_id = 'jeugdzorg_pct') AS jeugdzorg_pct,
       max(obs.value) FILTER (WHERE obs.indicator_id = 'wmo_per_1000') AS wmo_per_1000,
       max(obs.value) FILTER (WHERE obs.indicator_id = 'huish_laag_inkomen_pct') AS huish_laag_inkomen_pct,
       max(obs.value) FILTER (WHERE obs.indicator_id = 'huish_sociaal_minimum_pct') AS huish_sociaal_minimum_pct,
       coalesce(string_agg(obs.indicator_id, ',' ORDER BY obs.indicator_id) FILTER (WHERE obs.status = 'secret'),
                '') AS secret,
       coalesce(bool_or(obs.is_derived), false) AS is_derived,
       string_agg(DISTINCT obs.credit, ' · ' ORDER BY obs.credit) AS credit,
       coalesce(bool_or(obs.is_demo), false) AS is_demo
FROM region AS r
LEFT JOIN obs ON obs.region_code = r.code AND obs.indeling_year = r.indeling_year
WHERE r.indeling_year = 2024 AND r.level IN ('land', 'gemeente')
GROUP BY r.code, r.name, r.level
ORDER BY r.level = 'gemeente', r.code;
