-- The gemeente's own figures that set the defaults of the investment case, each from the newest
-- year that has it: jeugdzorg share and count, spending on jeugdhulp, children reached by kinderwerk.
-- Spending on jeugdhulp also comes from CBS's Iv3 jaarrekening (table iv3_lasten: gerealiseerde lasten
-- on the specialist taakvelden, the same set as the organisations' uitgaven_jeugdhulp); real figures
-- come before demo data, then the newest year wins.
-- Grain: one row per indicator. Parameters: $gemeente (VARCHAR).
WITH own AS (
    SELECT o.indicator_id, o.year, o.value, o.numerator, o.denominator, o.status, s.credit, s.is_demo,
           i.privacy_kind
    FROM observation AS o
    JOIN source AS s ON s.source_id = o.source_id
    JOIN indicator AS i ON i.indicator_id = o.indicator_id
    WHERE o.region_code = $gemeente AND o.indeling_year = 2024 AND o.status = 'value'
      AND o.indicator_id IN ('jeugdzorg_pct', 'jeugdzorg_aantal', 'uitgaven_jeugdhulp', 'kinderwerk_kinderen',
                             'kinderen_0_15')
    UNION ALL
    SELECT 'uitgaven_jeugdhulp', l.year, sum(l.lasten), NULL, NULL, 'value', any_value(s.credit) || ' (jaarrekening)',
           false, NULL
    FROM iv3_lasten AS l
    JOIN source AS s ON s.source_id = l.source_id
    WHERE l.gemeente_code = $gemeente AND l.kind = 'gerealiseerd' AND l.groep = 'specialist'
    GROUP BY l.year
    HAVING count(l.lasten) > 0
)
SELECT *
FROM own
QUALIFY row_number() OVER (PARTITION BY indicator_id ORDER BY is_demo, year DESC) = 1
ORDER BY indicator_id;
