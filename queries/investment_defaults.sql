-- The gemeente's own figures that set the defaults of the investment case, each from the newest
-- year that has it: jeugdzorg share and count, spending on jeugdhulp, children reached by kinderwerk.
-- Grain: one row per indicator. Parameters: $gemeente (VARCHAR).
SELECT o.indicator_id, o.year, o.value, o.numerator, o.denominator, o.status, s.credit, s.is_demo,
       i.privacy_kind
FROM observation AS o
JOIN source AS s ON s.source_id = o.source_id
JOIN indicator AS i ON i.indicator_id = o.indicator_id
WHERE o.region_code = $gemeente AND o.indeling_year = 2024 AND o.status = 'value'
  AND o.indicator_id IN ('jeugdzorg_pct', 'jeugdzorg_aantal', 'uitgaven_jeugdhulp', 'kinderwerk_kinderen',
                         'kinderen_0_15')
QUALIFY row_number() OVER (PARTITION BY o.indicator_id ORDER BY o.year DESC) = 1
ORDER BY o.indicator_id;
