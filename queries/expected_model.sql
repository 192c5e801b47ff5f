-- The expected-use model of every year (issue 11), for Over de data: n, R², variances, share imputed.
-- Grain: one row per year. Parameters: none.
SELECT year, outcome_id, n_fitted, n_predicted_only, n_suppressed, n_groups, intercept, tau2, sigma2,
       r2_marginal, r2_conditional, share_imputed, converged
FROM expected_model
ORDER BY year;
