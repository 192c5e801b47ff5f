-- Who referred the youth-care trajecten: NL, the gemeente and each of its wijken (that year's
-- indeling), one row per area and referrer, with the area's trajecten as denominator (privacy_kind from
-- the catalogue: NULL for CBS figures, which CBS itself rounds and suppresses). From the CBS
-- table Jeugdzorg in natura per wijk (indicators jzw_verw_*); $half picks the first half year
-- (jzw_*_hj1, the only period of 2024) instead of the whole year. Gemeente rows exist from 2021 on.
-- Grain: one row per area and referrer. Parameters: $gemeente (VARCHAR), $year (INTEGER), $half (BOOLEAN).
WITH referrer(key, label_nl, pos) AS (
    VALUES ('toegang', 'gemeentelijke toegang', 1), ('huisarts', 'huisarts', 2), ('jeugdarts', 'jeugdarts', 3),
           ('gi', 'gecertificeerde instelling', 4), ('specialist', 'medisch specialist', 5),
           ('rechter', 'rechter of officier van justitie', 6), ('geen', 'geen verwijzer', 7),
           ('onbekend', 'verwijzer onbekend', 8)
),
indeling AS (
    SELECT coalesce(max(indeling_year) FILTER (WHERE indeling_year = $year), 2024) AS y
    FROM region WHERE level = 'wijk' AND parent_code = $gemeente
),
areas AS (
    SELECT code, name, 'land' AS level, 2024 AS indeling_year FROM region WHERE code = 'NL00'
    UNION ALL
    SELECT code, name, 'gemeente', 2024 FROM region WHERE code = $gemeente AND indeling_year = 2024
    UNION ALL
    SELECT r.code, r.name, 'wijk', r.indeling_year FROM region AS r JOIN indeling ON r.indeling_year = indeling.y
    WHERE r.level = 'wijk' AND r.parent_code = $gemeente
),
suffix AS (SELECT CASE WHEN $half THEN '_hj1' ELSE '' END AS s)
SELECT a.code, a.name, a.level, f.key, f.label_nl AS referrer, f.pos,
       o.value, coalesce(o.status, 'missing') AS status,
       t.value AS trajecten, coalesce(t.status, 'missing') AS trajecten_status,
       CASE WHEN o.status = 'value' AND t.value > 0 THEN o.value / t.value * 100 END AS pct,
       s.credit, o.source_id, coalesce(o.is_derived, false) AS is_derived, i.privacy_kind
FROM areas AS a
CROSS JOIN referrer AS f
CROSS JOIN suffix
LEFT JOIN observation AS o
       ON o.region_code = a.code AND o.indeling_year = a.indeling_year AND o.year = $year
      AND o.indicator_id = 'jzw_verw_' || f.key || suffix.s
LEFT JOIN observation AS t
       ON t.region_code = a.code AND t.indeling_year = a.indeling_year AND t.year = $year
      AND t.indicator_id = 'jzw_trajecten' || suffix.s
LEFT JOIN source AS s ON s.source_id = o.source_id
LEFT JOIN indicator AS i ON i.indicator_id = o.indicator_id
ORDER BY CASE a.level WHEN 'land' THEN 0 WHEN 'gemeente' THEN 1 ELSE 2 END, a.code, f.pos;
