-- Vroeg Doen warehouse schema: long and tidy (docs/ARCHITECTURE.md).
-- Codes mean something only within one year's indeling, so every area key carries indeling_year.

CREATE TABLE source (
    source_id    VARCHAR PRIMARY KEY,   -- stable id, e.g. 'kwb_almere_2018_2025'
    title        VARCHAR NOT NULL,
    publisher    VARCHAR NOT NULL,
    licence      VARCHAR NOT NULL,
    credit       VARCHAR NOT NULL,      -- the line shown under a chart, e.g. 'Bron: CBS'
    file_path    VARCHAR,               -- relative to the project root
    retrieved    VARCHAR,               -- when the file was taken from its origin
    sha256       VARCHAR,
    is_demo      BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE region (
    code          VARCHAR NOT NULL,     -- NL00, GMxxxx, WKxxxxxx, BUxxxxxxxx
    level         VARCHAR NOT NULL CHECK (level IN ('land', 'gemeente', 'wijk', 'buurt', 'jeugdzorgregio', 'jeugdregio')),
    name          VARCHAR NOT NULL,
    parent_code   VARCHAR,
    indeling_year INTEGER NOT NULL,
    geometry_year INTEGER,              -- the indeling whose geometry can draw this area; NULL: none
    PRIMARY KEY (code, indeling_year)
);

CREATE TABLE region_geometry (
    code          VARCHAR NOT NULL,
    indeling_year INTEGER NOT NULL,
    geojson       VARCHAR NOT NULL,     -- simplified, rounded GeoJSON geometry (EPSG:4326)
    centroid_lon  DOUBLE NOT NULL,
    centroid_lat  DOUBLE NOT NULL,
    PRIMARY KEY (code, indeling_year)
);

CREATE TABLE herindeling (
    old_code   VARCHAR NOT NULL,
    old_name   VARCHAR NOT NULL,
    new_code   VARCHAR NOT NULL,
    new_name   VARCHAR NOT NULL,
    valid_from DATE NOT NULL,
    PRIMARY KEY (old_code, new_code)
);

CREATE TABLE indicator (
    indicator_id  VARCHAR PRIMARY KEY,
    label_nl      VARCHAR NOT NULL,
    unit          VARCHAR NOT NULL,
    decimals      INTEGER NOT NULL,
    definition_nl VARCHAR NOT NULL,
    source_table  VARCHAR NOT NULL,
    theme         VARCHAR NOT NULL CHECK (theme IN ('specialistische zorg', 'preventie', 'signalen', 'context', 'uitgaven')),
    polarity      INTEGER NOT NULL CHECK (polarity IN (-1, 0, 1)),  -- -1: higher is more need
    privacy_kind  VARCHAR CHECK (privacy_kind IN ('count', 'rate'))  -- organisation data: suppressed when small
);

CREATE TABLE observation (
    indicator_id  VARCHAR NOT NULL,     -- a row of indicator (checked by tests)
    region_code   VARCHAR NOT NULL,
    indeling_year INTEGER NOT NULL,
    year          INTEGER NOT NULL,
    value         DOUBLE,               -- NULL unless status = 'value'
    numerator     DOUBLE,
    denominator   DOUBLE,
    status        VARCHAR NOT NULL CHECK (status IN ('value', 'secret', 'missing', 'not_bundled')),  -- not_bundled: cut-off source file
    is_derived    BOOLEAN NOT NULL DEFAULT false,  -- computed by us, e.g. re-aggregated after a herindeling
    derivation    VARCHAR,              -- how, in Dutch, when is_derived
    source_id     VARCHAR NOT NULL,     -- a row of source (checked by tests; no FK: org data is republished)
    PRIMARY KEY (indicator_id, region_code, indeling_year, year),
    CHECK ((status = 'value') = (value IS NOT NULL))
);

CREATE TABLE national_reference (
    indicator  VARCHAR NOT NULL,
    year       INTEGER NOT NULL,
    value      DOUBLE NOT NULL,
    unit       VARCHAR NOT NULL,
    cited_from VARCHAR NOT NULL,
    source_id  VARCHAR NOT NULL,
    PRIMARY KEY (indicator, year)
);

CREATE TABLE taakveld (
    boekjaar      INTEGER NOT NULL,
    code          VARCHAR NOT NULL,
    omschrijving  VARCHAR NOT NULL,
    PRIMARY KEY (boekjaar, code)
);

CREATE TABLE trend_break (
    year        INTEGER NOT NULL,       -- the first year under the new definition or indeling
    theme       VARCHAR NOT NULL,       -- the indicator theme it affects
    region_code VARCHAR,                -- NULL: everywhere
    label_nl    VARCHAR NOT NULL
);

CREATE TABLE build_info (
    release_id   VARCHAR NOT NULL,      -- hash of all input files: the data release
    built_at     TIMESTAMP NOT NULL,
    seconds      DOUBLE NOT NULL
);
-- The organisation tables (import_log, kinderwerk_reach, signal, spending) are defined in
-- warehouse/org_schema.sql, shared with the import store, and filled by org_publish.sql.

-- Iv3 lasten and baten per gemeente and taakveld as CBS publishes them (warehouse/iv3.py), next to
-- the spending organisations upload (table spending). Amounts in euro (the files: × 1.000 euro).
CREATE TABLE iv3_lasten (
    gemeente_code VARCHAR NOT NULL,     -- 2024 indeling (mapped from the gemeente's name)
    year          INTEGER NOT NULL,     -- boekjaar
    kind          VARCHAR NOT NULL CHECK (kind IN ('begroot', 'gerealiseerd')),  -- begroting / jaarrekening
    taakveld      VARCHAR NOT NULL,     -- code of that boekjaar, e.g. '6.72a' (2023) or '6.751' (2025)
    omschrijving  VARCHAR NOT NULL,     -- from the taakvelden table of that boekjaar
    groep         VARCHAR CHECK (groep IN ('basis', 'specialist', 'context')),  -- NULL: not compared
    lasten        DOUBLE,
    baten         DOUBLE,
    inwoners      INTEGER NOT NULL,     -- inwoners on 1 January of the boekjaar, as in the file (CBS)
    source_id     VARCHAR NOT NULL
    -- unique on (gemeente_code, year, kind, taakveld): checked by the loader and tested; no PRIMARY KEY,
    -- whose index would add ~9 MB to the warehouse for 96.000 rows
);

-- Wijk data of every gemeente (warehouse/wijkdata.py).
CREATE TABLE wijk_coverage (            -- per 2024 gemeente and youth-care year: wijken in the bundle?
    gemeente_code VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    half_year     BOOLEAN NOT NULL,     -- true: only the first half year is published (2024)
    in_bundle     BOOLEAN NOT NULL,
    reason        VARCHAR NOT NULL,     -- why not: a cut-off file is 'not in the bundled data', never zero
    source_id     VARCHAR NOT NULL,
    PRIMARY KEY (gemeente_code, year)
);

CREATE TABLE jeugdregio_gemeente (      -- which gemeenten form a jeugdregio (region.level = 'jeugdregio')
    jeugdregio_code VARCHAR NOT NULL,     -- JZ01 … JZ43: region.code of the jeugdregio
    gemeente_code   VARCHAR NOT NULL,     -- GMxxxx in the indeling of indeling_year
    indeling_year   INTEGER NOT NULL,     -- 2016: CBS Gebieden in Nederland 2016; 2024: derived (or refreshed)
    is_derived      BOOLEAN NOT NULL,     -- true for the 2024 composition derived from 2016 and the herindelingen
    basis           VARCHAR NOT NULL,     -- how: the CBS table, 'unchanged_2016_2024', or 'herindeling:JZ13=…' (addresses)
    share_addresses DOUBLE,               -- share of the gemeente's addresses in that region (< 1: a mixed merger)
    source_id       VARCHAR NOT NULL,
    PRIMARY KEY (gemeente_code, indeling_year)
);

CREATE TABLE wijk_boundary (            -- may a wijk of an earlier indeling be drawn (2024's or its own year's boundary)?
    code          VARCHAR NOT NULL,
    indeling_year INTEGER NOT NULL,
    same          BOOLEAN NOT NULL,     -- drawn: with the 2024 boundary, or (2015, 2016) its own year's
    shift_m       DOUBLE,               -- |KWB area - 2024 shape area| / its perimeter (m), where KWB has an area
    rule          VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,     -- empty when drawn
    PRIMARY KEY (code, indeling_year)
);

CREATE TABLE wijkdata_check (           -- measured figures behind the wijk data, shown on Over de data
    check_id VARCHAR PRIMARY KEY,
    label_nl VARCHAR NOT NULL,
    value    DOUBLE,
    unit     VARCHAR NOT NULL,
    note     VARCHAR NOT NULL
);

-- Expected use (issue 11; warehouse/expected.py): a multilevel model per year with wijk data.
CREATE TABLE expected_use (
    region_code       VARCHAR NOT NULL,  -- a wijk
    indeling_year     INTEGER NOT NULL,
    year              INTEGER NOT NULL,
    observed          DOUBLE,            -- % young people with jeugdzorg; NULL where unknown or secret
    expected          DOUBLE NOT NULL,   -- given its population and its gemeente
    expected_national DOUBLE NOT NULL,   -- given its population only: a wijk like this in NL
    residual          DOUBLE,            -- observed - expected (percentage points)
    lower             DOUBLE NOT NULL,   -- 95% prediction interval for the observed share
    upper             DOUBLE NOT NULL,
    imputed           INTEGER NOT NULL,  -- number of features imputed for this wijk
    PRIMARY KEY (region_code, indeling_year, year)
);

CREATE TABLE expected_model (
    year             INTEGER PRIMARY KEY,
    outcome_id       VARCHAR NOT NULL,
    n_fitted         INTEGER NOT NULL,  -- wijken with a known outcome
    n_predicted_only INTEGER NOT NULL,  -- wijken predicted but not fitted
    n_suppressed     INTEGER NOT NULL,  -- of those: count hidden by CBS (below 10), fitted as 'below 10'
    n_groups         INTEGER NOT NULL,  -- gemeenten
    intercept        DOUBLE NOT NULL,
    tau2             DOUBLE NOT NULL,   -- variance between gemeenten
    sigma2           DOUBLE NOT NULL,   -- variance between wijken within a gemeente
    r2_marginal      DOUBLE NOT NULL,   -- Nakagawa: features only
    r2_conditional   DOUBLE NOT NULL,   -- features and gemeente effect
    share_imputed    DOUBLE NOT NULL,
    converged        BOOLEAN NOT NULL
);

CREATE TABLE expected_feature (
    year           INTEGER NOT NULL,
    feature        VARCHAR NOT NULL,
    label_nl       VARCHAR NOT NULL,
    estimate       DOUBLE,             -- percentage points per standard deviation; NULL: left out
    std_error      DOUBLE,
    imputed        INTEGER,            -- wijken whose value was imputed
    dropped_reason VARCHAR,            -- why it was left out, in Dutch
    PRIMARY KEY (year, feature)
);

-- The gemeenten's own notes on their figures (toelichtingen), republished from the import store with the
-- organisation data (warehouse/notes_publish.sql; written with orgdata/notes.py). No author names here.
CREATE TABLE toelichting (
    note_id       VARCHAR PRIMARY KEY,
    gemeente_code VARCHAR NOT NULL,
    indicator_id  VARCHAR NOT NULL,
    year          INTEGER,              -- NULL: every year
    wijk_code     VARCHAR,              -- NULL: the gemeente as a whole
    body          VARCHAR NOT NULL,     -- plain text, at most 600 characters
    author_role   VARCHAR NOT NULL,     -- 'beheerder' or 'gemeente'
    written_at    TIMESTAMP NOT NULL
);

-- The outcomes of a signal that count as handled in the basis (the headline of "vroeg doen"): the one
-- definition org_publish.sql and the signal queries use. orgdata/contract.py HANDLED_IN_BASIS names
-- the same two for the pages (tests/test_queries.py checks that they agree).
CREATE TABLE handled_in_basis (outcome VARCHAR PRIMARY KEY);
INSERT INTO handled_in_basis VALUES ('zelf opgepakt in het kinderwerk'), ('samen met ouders opgelost');
-- Calibration of the expected-use verdicts (analysis.expected.calibration): per year and quartile of the
-- young population, how many wijken lie outside their 95% interval. About 5% in every quartile: a wijk
-- is flagged because it differs, not because it is small or large.
CREATE TABLE expected_calibration (
    year        INTEGER NOT NULL,
    size_group  INTEGER NOT NULL,     -- 1 = smallest quarter of wijken by young population
    size_min    DOUBLE NOT NULL,      -- young people (0–22, estimate) in the smallest wijk of the group
    size_max    DOUBLE NOT NULL,
    wijken      INTEGER NOT NULL,     -- wijken with an observed share
    above       INTEGER NOT NULL,     -- more than expected (above the interval)
    below       INTEGER NOT NULL,     -- less than expected
    outside_pct DOUBLE NOT NULL,      -- (above + below) / wijken × 100
    PRIMARY KEY (year, size_group)
);
