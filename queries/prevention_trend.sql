-- Prevention against specialist care over the years for one gemeente: every indicator of the
-- chain (kinderwerk, signals, jeugdzorg, spending), with the value per 1,000 children 0-14 for
-- counts and amounts (NULL for percentages and rates, which are already relative).
-- Organisation figures carry privacy_kind: run_query suppresses small ones.
-- Grain: one row per indicator and year. Parameters: $gemeente (VARCHAR).
WITH kids AS (
    SELECT year, value AS kinderen
    FROM observation
    WHERE region_code = $gemeente AND indeling_year = 2024 AND indicator_id = 'kinderen_0_15' AND status = 'value'
)
SELECT i.indicator_id, i.label_nl, i.unit, i.decimals, i.theme, o.year, o.value, o.numerator,
       o.denominator, o.status,
       CASE WHEN i.unit LIKE '%\%%' ESCAPE '\' OR i.unit LIKE 'per %' THEN NULL
            ELSE o.value / k.kinderen * 1000 END AS per_1000_kinderen,
       s.credit, s.is_demo, i.privacy_kind
FROM observation AS o
JOIN indicator AS i ON i.indicator_id = o.indicator_id
JOIN source AS s ON s.source_id = o.source_id
LEFT JOIN kids AS k ON k.year = o.year
WHERE o.region_code = $gemeente AND o.indeling_year = 2024
  AND i.theme IN ('specialistische zorg', 'preventie', 'signalen', 'uitgaven')
  AND o.status IN ('value', 'secret')
ORDER BY i.theme, i.indicator_id, o.year;
