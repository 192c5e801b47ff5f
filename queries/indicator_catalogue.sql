-- The indicator catalogue with definitions, and the years and levels each has figures for.
-- Grain: one row per indicator. Parameters: none.
SELECT i.indicator_id, i.label_nl, i.unit, i.theme, i.definition_nl, i.source_table,
       min(o.year) FILTER (WHERE o.status = 'value') AS first_year,
       max(o.year) FILTER (WHERE o.status = 'value') AS last_year,
       count(*) FILTER (WHERE o.status = 'secret') AS n_secret
FROM indicator AS i
LEFT JOIN observation AS o ON o.indicator_id = i.indicator_id
GROUP BY ALL
ORDER BY i.theme DESC, i.label_nl;
