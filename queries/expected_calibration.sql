-- How the expected-use verdicts are calibrated (issue 18), for Over de data: per year and quarter of the wijken
-- by young population, how many wijken with a share lie above and below their 95% interval.
-- Grain: one row per year and size group (1 = smallest quarter). Parameters: none.
SELECT year, size_group, size_min, size_max, wijken, above, below, outside_pct
FROM expected_calibration
ORDER BY year, size_group;
