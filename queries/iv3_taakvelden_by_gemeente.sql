-- Iv3 lasten and baten of one gemeente per taakveld, boekjaar and kind, as CBS publishes them
-- (table iv3_lasten, euro): the detail behind iv3_spending_by_group. groep is NULL for taakvelden
-- the dashboard does not compare.
-- Grain: one row per year, kind and taakveld. Parameters: $gemeente (VARCHAR).
SELECT l.year, l.kind, l.taakveld, l.omschrijving, l.groep, l.lasten, l.baten, l.inwoners, s.credit
FROM iv3_lasten AS l
JOIN source AS s ON s.source_id = l.source_id
WHERE l.gemeente_code = $gemeente
ORDER BY l.year, l.kind, string_split(l.taakveld, '.')[1]::INTEGER, l.taakveld;
