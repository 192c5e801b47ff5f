-- Youth care per year for a comparison group of gemeenten (statistical neighbours, jeugdregio or a set the
-- user picks), in the same three CBS series as youthcare_trend: the group's share is its members' counts
-- summed over the young people they are a share of (count / share x 100), so large gemeenten weigh more;
-- only years in which every member has a count, so a year is never a different group. CBS figures only
-- (privacy_kind NULL: CBS suppresses at source).
-- Grain: one row per indicator and year. Parameters: $codes (VARCHAR[], gemeente codes of the group).
WITH member AS (
    SELECT o.indicator_id, o.year, o.region_code, o.value, c.value AS aantal, c.value / o.value * 100 AS jongeren
    FROM observation AS o
    JOIN observation AS c ON c.region_code = o.region_code AND c.indeling_year = o.indeling_year
         AND c.year = o.year AND c.status = 'value' AND c.indicator_id = replace(o.indicator_id, '_pct', '_aantal')
    WHERE o.indicator_id IN ('jeugdzorg_reeks2015_pct', 'jeugdzorg_reeks2021_pct', 'jeugdzorg_hj1_pct')
      AND o.region_code IN (SELECT unnest($codes)) AND o.indeling_year = 2024
      AND o.status = 'value' AND o.value > 0
)
SELECT 'GROEP' AS code, m.indicator_id, i.label_nl, i.unit, m.year, sum(m.aantal) / sum(m.jongeren) * 100 AS value,
       'value' AS status, true AS is_derived,
       'Gewogen gemiddelde van de vergelijkingsgroep (aantallen opgeteld)' AS derivation,
       'Bron: CBS' AS credit, 'Berekend uit de CBS-aantallen van de gemeenten in de groep' AS publicatie,
       false AS is_demo, i.privacy_kind, count(*) AS gemeenten, sum(m.jongeren) AS jongeren
FROM member AS m
JOIN indicator AS i USING (indicator_id)
GROUP BY m.indicator_id, i.label_nl, i.unit, i.privacy_kind, m.year
HAVING count(*) = len(list_distinct($codes))
ORDER BY m.indicator_id, m.year;
