-- Real spending of one gemeente, and of Nederland, from CBS's Iv3 files (table iv3_lasten): lasten per
-- group of taakvelden, boekjaar and kind (begroot in the begroting, gerealiseerd in the jaarrekening),
-- absolute (euro), per inwoner and per child 0-17. Next to, never instead of, organisation uploads.
-- Groups: 'basis' (6.1, 6.2 / 6.21-6.23), 'specialist' (6.72-6.74 / 6.751-6.763, 6.792, 6.82 / 6.821-6.822),
-- 'context' (7.1 Volksgezondheid, holds jeugdgezondheidszorg).
-- per_inwoner: lasten / inwoners on 1 January of the boekjaar (CBS, as in the Iv3 file). Derived.
-- per_kind: lasten / kinderen_0_17, an estimate: inwoners (1 January of the boekjaar) x the share of
-- 0-14-year-olds in KWB year kwb_jaar (the newest up to the boekjaar) x 18/15 (ages 15-17 taken as
-- large as the average year of age 0-14). Derived. Nederland: the sum of all 342 gemeenten (the
-- file's own Nederland row is left out by the build).
-- Grain: one row per area (the gemeente, NL00), year, kind and groep. Parameters: $gemeente (VARCHAR).
WITH per_gemeente AS (
    SELECT gemeente_code, year, kind, groep, sum(lasten) AS lasten, any_value(inwoners) AS inwoners,
           any_value(source_id) AS source_id
    FROM iv3_lasten
    WHERE groep IS NOT NULL
    GROUP BY ALL
),
kwb AS (
    SELECT k.region_code, k.year, k.value / i.value AS share_0_14
    FROM observation AS k
    JOIN observation AS i ON i.region_code = k.region_code AND i.indeling_year = k.indeling_year
                         AND i.year = k.year AND i.indicator_id = 'inwoners' AND i.status = 'value'
    WHERE k.indicator_id = 'kinderen_0_15' AND k.status = 'value' AND k.indeling_year = 2024
      AND k.region_code LIKE 'GM%' AND i.value > 0
),
children AS (  -- per gemeente and boekjaar: the newest KWB year up to the boekjaar, else the oldest after it
    SELECT p.gemeente_code, p.year, p.kind, p.groep, k.year AS kwb_jaar,
           p.inwoners * k.share_0_14 * 18 / 15 AS kinderen_0_17
    FROM per_gemeente AS p
    JOIN kwb AS k ON k.region_code = p.gemeente_code
    QUALIFY row_number() OVER (PARTITION BY p.gemeente_code, p.year, p.kind, p.groep
                               ORDER BY (k.year <= p.year) DESC, abs(p.year - k.year)) = 1
),
areas AS (
    SELECT p.gemeente_code AS code, p.year, p.kind, p.groep, p.lasten, p.inwoners, c.kinderen_0_17,
           c.kwb_jaar, p.source_id
    FROM per_gemeente AS p
    LEFT JOIN children AS c USING (gemeente_code, year, kind, groep)
    WHERE p.gemeente_code = $gemeente
    UNION ALL
    SELECT 'NL00', p.year, p.kind, p.groep, sum(p.lasten), sum(p.inwoners),
           -- only when every gemeente has an estimate: a partial sum would look like a smaller country
           CASE WHEN count(c.kinderen_0_17) = count(*) THEN sum(c.kinderen_0_17) END,
           max(c.kwb_jaar), any_value(p.source_id)
    FROM per_gemeente AS p
    LEFT JOIN children AS c USING (gemeente_code, year, kind, groep)
    GROUP BY p.year, p.kind, p.groep
)
SELECT a.code, r.name, a.year, a.kind, a.groep, a.lasten, a.inwoners, round(a.kinderen_0_17) AS kinderen_0_17,
       a.kwb_jaar, a.lasten / a.inwoners AS per_inwoner, a.lasten / round(a.kinderen_0_17) AS per_kind,
       s.credit, s.is_demo
FROM areas AS a
JOIN region AS r ON r.code = a.code AND r.indeling_year = 2024
JOIN source AS s ON s.source_id = a.source_id
ORDER BY a.code = 'NL00', a.year, a.kind, a.groep;
