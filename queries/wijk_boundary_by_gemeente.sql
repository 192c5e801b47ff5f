-- Wijken of one gemeente in one year's indeling that are NOT drawn on the map, with the reason (not
-- provably 2024's division and, for 2015/2016, not in that year's boundaries; see
-- warehouse/wijk_boundaries.py). Empty for 2024 itself.
-- Grain: one row per wijk not drawn. Parameters: $gemeente (VARCHAR), $year (INTEGER).
SELECT r.code, r.name, b.reason, b.shift_m
FROM region AS r
JOIN wijk_boundary AS b ON b.code = r.code AND b.indeling_year = r.indeling_year
WHERE r.level = 'wijk' AND r.parent_code = $gemeente AND r.indeling_year = $year AND NOT b.same
ORDER BY r.code;
