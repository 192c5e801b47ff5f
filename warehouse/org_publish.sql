-- Publish organisation data into the warehouse: the rows in force from the import store
-- (attached as `org`), a source per organisation, and the organisation indicators as observations.
-- Run by the warehouse build and after every import or rollback, on the new warehouse file.
-- Source ids: 'org:' || name for one organisation, 'org:' alone for figures of several (a name
-- is never empty, so the two cannot collide).
-- A row is in force when its import is active and no later active import of the same organisation
-- and kind covers the same period AND area (wijk, or gemeente for spending): a newer file replaces an
-- older one for the cells it covers, so a file per wijk adds to the earlier wijken of that month.
-- Organisation names are compared without regard to case and spaces; the first spelling is kept.
-- A write that did not finish (org.pending_write, copied into the temp table `pending` by
-- warehouse/build.py) counts with its status from before, except the one being published now.

CREATE OR REPLACE TEMP MACRO org_name_key(name) AS lower(trim(regexp_replace(name, '\s+', ' ', 'g')));

CREATE OR REPLACE TEMP TABLE org_log AS
WITH names AS (
    SELECT org_name_key(org) AS name_key, arg_min(org, seq) AS first_spelling
    FROM org.import_log
    GROUP BY 1
)
SELECT l.import_id, l.seq, n.first_spelling AS org, l.kind, l.imported_at, l.is_demo,
       CASE WHEN p.import_id IS NOT NULL AND NOT list_contains(getvariable('publishing'), p.import_id)
            THEN p.previous_status ELSE l.status END AS status
FROM org.import_log AS l
JOIN names AS n ON n.name_key = org_name_key(l.org)
LEFT JOIN pending AS p USING (import_id);

CREATE OR REPLACE TEMP TABLE org_cover AS
SELECT DISTINCT import_id, month AS period, wijk_code || '@' || indeling_year AS area FROM org.kinderwerk_reach
UNION
SELECT DISTINCT import_id, month, wijk_code || '@' || indeling_year FROM org.signal
UNION
SELECT DISTINCT import_id, make_date(year, 1, 1), gemeente_code FROM org.spending;

CREATE OR REPLACE TEMP TABLE visible_cell AS
SELECT c.import_id, c.period, c.area, l.org
FROM org_cover AS c
JOIN org_log AS l USING (import_id)
WHERE l.status = 'actief'
  AND NOT EXISTS (
      SELECT 1
      FROM org_cover AS c2
      JOIN org_log AS l2 USING (import_id)
      WHERE l2.status = 'actief' AND l2.org = l.org AND l2.kind = l.kind
        AND l2.seq > l.seq AND c2.period = c.period AND c2.area = c.area);

INSERT INTO import_log
SELECT import_id, org, kind, imported_at, status, is_demo FROM org_log WHERE status = 'actief';

-- Small numbers (queries/privacy.py describes the whole protection): every count an organisation
-- delivers is rounded to a multiple of the threshold (getvariable('privacy_base'), set by
-- warehouse/build.py) cell by cell, BEFORE anything is computed from it, so that every table,
-- page, download and export is a sum of the same rounded cells and no combination of them tells
-- more than the rounded cells themselves. Unbiased random rounding: n = 5q + r goes up to 5q + 5
-- with probability r/5, else down to 5q, so sums stay right on average. The draw is fixed per cell
-- (a hash of a secret key and the cell's identity, never of the import): the same cell rounds the
-- same way in every release, so comparing releases gives nothing away.
CREATE OR REPLACE TEMP MACRO rounding_draw(cell) AS
    (md5_number(getvariable('privacy_key') || '|' || cell) % 1000000)::DOUBLE / 1000000;
CREATE OR REPLACE TEMP MACRO protected_count(n, cell) AS
    CASE WHEN n IS NULL OR n % getvariable('privacy_base') = 0 THEN n
         ELSE n - n % getvariable('privacy_base')
              + CASE WHEN rounding_draw(cell) * getvariable('privacy_base') < n % getvariable('privacy_base')
                     THEN getvariable('privacy_base') ELSE 0 END
    END;

-- Reach rows stay; their counts are rounded, so a row with 0 children and one with 1-4 look the
-- same. Hours are rounded the same way (to whole hours, then to a multiple of the threshold): a few
-- hours in a cell would otherwise tell that a few children came.
INSERT INTO kinderwerk_reach
SELECT r.import_id, v.org, r.wijk_code, r.indeling_year, r.month, r.activity_type, r.age_band,
       protected_count(r.children_unique, concat_ws('|', 'kinderen', v.org, cell)),
       protected_count(r.contacts, concat_ws('|', 'contacten', v.org, cell)),
       protected_count(round(r.hours)::INTEGER, concat_ws('|', 'uren', v.org, cell)),
       protected_count(r.parents_reached, concat_ws('|', 'ouders', v.org, cell)),
       protected_count(r.volunteers, concat_ws('|', 'vrijwilligers', v.org, cell))
FROM (SELECT *, concat_ws('|', wijk_code, indeling_year, month, activity_type, age_band) AS cell
      FROM org.kinderwerk_reach) AS r
JOIN visible_cell AS v ON v.import_id = r.import_id AND v.period = r.month
                      AND v.area = r.wijk_code || '@' || r.indeling_year;

-- A signal cell that rounds to 0 is left out, like a combination without signals: which rows
-- exist must not tell an absent combination from a small one.
INSERT INTO signal
SELECT * FROM (
    SELECT s.import_id, v.org, s.wijk_code, s.indeling_year, s.month, s.category, s.outcome,
           protected_count(s.count, concat_ws('|', 'signalen', v.org, s.wijk_code, s.indeling_year, s.month,
                                              s.category, s.outcome)) AS count
    FROM org.signal AS s
    JOIN visible_cell AS v ON v.import_id = s.import_id AND v.period = s.month
                          AND v.area = s.wijk_code || '@' || s.indeling_year)
WHERE count > 0;

INSERT INTO spending
SELECT s.* REPLACE (v.org AS org) FROM org.spending AS s
JOIN visible_cell AS v ON v.import_id = s.import_id AND v.period = make_date(s.year, 1, 1)
                      AND v.area = s.gemeente_code;

INSERT INTO source (source_id, title, publisher, licence, credit, file_path, retrieved, sha256, is_demo)
SELECT 'org:' || org,
       CASE WHEN bool_or(is_demo) THEN 'Voorbeelddata: ' || org ELSE 'Registratie van ' || org END,
       org,
       CASE WHEN bool_or(is_demo) THEN 'gegenereerd (orgdata/demo.py)' ELSE 'eigen gegevens van de organisatie' END,
       CASE WHEN bool_or(is_demo) THEN 'Voorbeelddata (gegenereerd, geen echte cijfers)' ELSE 'Bron: registratie ' || org END,
       NULL, strftime(max(imported_at), '%Y-%m-%d'), NULL, bool_or(is_demo)
FROM import_log
WHERE status = 'actief'
GROUP BY org;

INSERT INTO source (source_id, title, publisher, licence, credit, file_path, retrieved, sha256, is_demo)
SELECT 'org:', 'Registraties van meerdere organisaties', 'meerdere organisaties',
       'eigen gegevens van de organisaties',
       CASE WHEN bool_or(is_demo) THEN 'Voorbeelddata en registraties van organisaties' ELSE 'Bron: registraties van organisaties' END,
       NULL, strftime(max(imported_at), '%Y-%m-%d'), NULL, bool_or(is_demo)
FROM import_log
WHERE status = 'actief'
HAVING count(DISTINCT org) > 1;

-- Per wijk and year, then per gemeente (sum of its wijken), with the CBS child population.
CREATE OR REPLACE TEMP TABLE org_wijk_year AS
WITH reach_month AS (
    SELECT wijk_code, indeling_year, month, org,
           sum(children_unique) FILTER (WHERE age_band IN ('4-7', '8-11', '12-14')) AS kids_4_14,
           sum(hours) AS hours
    FROM kinderwerk_reach
    GROUP BY ALL
),
reach AS (
    SELECT wijk_code, indeling_year, year(month) AS year,
           sum(kids_4_14) / count(DISTINCT month) AS reached, sum(hours) AS hours,
           list(DISTINCT org) AS orgs
    FROM reach_month
    GROUP BY ALL
),
signals AS (
    SELECT wijk_code, indeling_year, year(month) AS year, sum(count) AS total,
           sum(count) FILTER (WHERE outcome IN (SELECT outcome FROM handled_in_basis)) AS basis,
           list(DISTINCT org) AS orgs
    FROM signal
    GROUP BY ALL
)
SELECT coalesce(r.wijk_code, s.wijk_code) AS code,
       coalesce(r.indeling_year, s.indeling_year) AS indeling_year,
       coalesce(r.year, s.year) AS year,
       reg.parent_code AS gemeente,
       r.reached, r.hours, s.total, coalesce(s.basis, 0) AS basis,
       list_distinct(list_concat(coalesce(r.orgs, []), coalesce(s.orgs, []))) AS orgs
FROM reach AS r
FULL JOIN signals AS s ON s.wijk_code = r.wijk_code AND s.indeling_year = r.indeling_year AND s.year = r.year
JOIN region AS reg ON reg.code = coalesce(r.wijk_code, s.wijk_code)
                  AND reg.indeling_year = coalesce(r.indeling_year, s.indeling_year);

CREATE OR REPLACE TEMP TABLE org_area_year AS
SELECT w.code, w.indeling_year, w.year, w.reached, w.hours, w.total, w.basis, w.orgs
FROM org_wijk_year AS w
UNION ALL
SELECT gemeente, 2024, year, sum(reached), sum(hours), sum(total), sum(basis), flatten(list(orgs))
FROM org_wijk_year
GROUP BY gemeente, year;

CREATE OR REPLACE TEMP TABLE org_indicator AS
WITH kids AS (
    SELECT region_code, indeling_year, year, value * 11 / 15 AS kids_4_14
    FROM observation
    WHERE indicator_id = 'kinderen_0_15' AND status = 'value'
),
area AS (
    SELECT a.*, k.kids_4_14,
           CASE WHEN len(list_distinct(a.orgs)) = 1 THEN 'org:' || a.orgs[1] ELSE 'org:' END AS source_id
    FROM org_area_year AS a
    LEFT JOIN kids AS k ON k.region_code = a.code AND k.indeling_year = a.indeling_year AND k.year = a.year
)
SELECT 'kinderwerk_bereik_pct' AS indicator_id, code, indeling_year, year,
       reached / kids_4_14 * 100 AS value, round(reached) AS numerator, round(kids_4_14) AS denominator, source_id
FROM area WHERE reached IS NOT NULL
UNION ALL
SELECT 'kinderwerk_kinderen', code, indeling_year, year, round(reached), round(reached), NULL, source_id
FROM area WHERE reached IS NOT NULL
UNION ALL
SELECT 'kinderwerk_uren', code, indeling_year, year, round(hours), NULL, NULL, source_id
FROM area WHERE hours IS NOT NULL
UNION ALL
SELECT 'signalen_aantal', code, indeling_year, year, total, total, NULL, source_id
FROM area WHERE total IS NOT NULL
UNION ALL
SELECT 'signalen_basis_pct', code, indeling_year, year, basis / total * 100, basis, total, source_id
FROM area WHERE total > 0;

-- Spending per gemeente and year: leaf taakvelden only (a parent and its split are never both
-- counted), realised amounts where the gemeente has them, else the budget.
CREATE OR REPLACE TEMP TABLE org_spending AS
WITH leaf AS (
    SELECT s.*
    FROM spending AS s
    WHERE NOT EXISTS (
        SELECT 1 FROM spending AS c
        WHERE c.gemeente_code = s.gemeente_code AND c.year = s.year AND c.kind = s.kind
          AND c.taakveld LIKE s.taakveld || '_%')
),
preferred AS (
    SELECT *
    FROM leaf
    QUALIFY kind = max(kind) FILTER (WHERE true) OVER (PARTITION BY gemeente_code, year)  -- 'gerealiseerd' > 'begroot'
),
grouped AS (
    SELECT gemeente_code, year, org,
           CASE
               WHEN taakveld = '6.1' OR taakveld = '6.2' OR taakveld IN ('6.21', '6.22', '6.23') THEN 'uitgaven_preventie'
               WHEN taakveld LIKE '6.72%' OR taakveld LIKE '6.73%' OR taakveld LIKE '6.74%'
                 OR taakveld LIKE '6.75%' OR taakveld LIKE '6.76%' OR taakveld = '6.792'
                 OR taakveld LIKE '6.82%' THEN 'uitgaven_jeugdhulp'
           END AS indicator_id,
           amount
    FROM preferred
)
SELECT indicator_id, gemeente_code AS code, 2024 AS indeling_year, year, sum(amount) AS value,
       NULL AS numerator, NULL AS denominator,
       CASE WHEN count(DISTINCT org) = 1 THEN 'org:' || min(org) ELSE 'org:' END AS source_id
FROM grouped
WHERE indicator_id IS NOT NULL
GROUP BY ALL;

INSERT INTO observation (indicator_id, region_code, indeling_year, year, value, numerator, denominator,
                         status, is_derived, derivation, source_id)
SELECT indicator_id, code, indeling_year, year, value, numerator, denominator,
       CASE WHEN value IS NULL THEN 'missing' ELSE 'value' END, true,
       'Berekend uit de registraties van organisaties', source_id
FROM (SELECT * FROM org_indicator UNION ALL SELECT * FROM org_spending)
WHERE code IS NOT NULL;
