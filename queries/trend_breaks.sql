-- Trend breaks for one gemeente: definition changes everywhere, its herindeling, a redrawn wijk indeling.
-- Grain: one row per break. Parameters: $gemeente (VARCHAR).
SELECT year, theme, label_nl
FROM trend_break
WHERE region_code IS NULL OR region_code = $gemeente
ORDER BY year, theme, label_nl;
