-- Gemeenten of the 2024 indeling, for the gemeente picker.
-- Grain: one row per gemeente. Parameters: none.
SELECT code, name
FROM region
WHERE level = 'gemeente' AND indeling_year = 2024
ORDER BY name;
