-- The newest year with a figure per indicator (any area), kept in each release's download (release.json,
-- queries/downloads.py) so that 'Wat valt op?' can say which years are new since the previous release.
-- Grain: one row per indicator with a figure. Parameters: none.
SELECT o.indicator_id, i.label_nl, max(o.year) AS year
FROM observation AS o
JOIN indicator AS i USING (indicator_id)
WHERE o.status = 'value'
GROUP BY ALL
ORDER BY o.indicator_id;
