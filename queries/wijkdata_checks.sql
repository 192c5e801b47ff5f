-- Measured figures behind the wijk data (share error, boundary tolerance, publications), for Over de data.
-- 'measured' is a build-time measurement, not an observation. Grain: one row per check. Parameters: none.
SELECT check_id, label_nl, value AS measured, unit, note FROM wijkdata_check ORDER BY check_id;
