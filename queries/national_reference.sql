-- National reference figures quoted from CBS/NJi publications.
-- Grain: one row per figure and year. Parameters: none.
SELECT n.indicator, n.year, n.value, n.unit, n.cited_from
FROM national_reference AS n
ORDER BY n.indicator, n.year;
