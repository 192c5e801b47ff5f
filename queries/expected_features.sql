-- The features of the expected-use model per year (issue 11): coefficient in percentage points per
-- standard deviation of the feature across wijken, its standard error, how many wijken were imputed,
-- or why the feature was left out.
-- Grain: one row per year and feature. Parameters: none.
SELECT year, feature, label_nl, estimate, std_error, imputed, dropped_reason
FROM expected_feature
ORDER BY year, estimate IS NULL, abs(estimate) DESC, feature;
