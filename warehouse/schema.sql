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
    level         VARCHAR NOT NULL CHECK (level IN ('land', 'gemeente', 'wijk', 'buurt')),
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
    status        VARCHAR NOT NULL CHECK (status IN ('value', 'secret', 'missing')),
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
