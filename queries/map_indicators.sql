-- Indicators with figures on a map level in any year (for wijken: within the chosen gemeente).
-- Grain: one row per indicator. Parameters: $level (VARCHAR: 'gemeente'|'wijk'), $gemeente (VARCHAR).
SELECT i.indicator_id, i.label_nl, i.unit, i.decimals, i.polarity, i.theme,
       count(*) FILTER (WHERE o.status = 'value') AS n_value
FROM observation AS o
JOIN region AS r ON r.code = o.region_code AND r.indeling_year = o.indeling_year
JOIN indicator AS i ON i.indicator_id = o.indicator_id
WHERE r.level = $level AND ($level = 'gemeente' OR r.parent_code = $gemeente)
GROUP BY ALL
HAVING n_value > 0
ORDER BY i.theme DESC, i.label_nl;
