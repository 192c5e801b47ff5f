-- Organisation data: the import store (data/organisations.duckdb) and the warehouse share these
-- tables. In the store they hold every import ever made; in the warehouse only the rows in force
-- (visible_cell in warehouse/org_publish.sql). Every row carries the import it came from. The tables
-- that are the store's own (import_period, pending_write, audit_log, and privacy_key made by
-- orgdata/store.py) are dropped from the warehouse when it is published (warehouse/build.py).

CREATE TABLE IF NOT EXISTS import_log (
    import_id     VARCHAR PRIMARY KEY,
    seq           INTEGER NOT NULL,          -- order of imports: a later one wins for its periods
    org           VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,          -- 'bereik', 'signalen', 'uitgaven'
    file_name     VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    rows_ok       INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    imported_at   TIMESTAMP NOT NULL,
    status        VARCHAR NOT NULL CHECK (status IN ('actief', 'afgekeurd', 'geweigerd', 'teruggedraaid')),
    is_demo       BOOLEAN NOT NULL DEFAULT false,
    message       VARCHAR
);

-- A write that is not finished yet: committed to the store, the warehouse not yet republished.
-- While a row is here, publishing counts the import with ``previous_status``; the writer removes
-- the row when the warehouse is republished, and the next writer settles a row left by one that
-- died or failed (orgdata/store.py: settle), so the store and the warehouse agree again.
CREATE TABLE IF NOT EXISTS pending_write (
    import_id       VARCHAR PRIMARY KEY,
    previous_status VARCHAR NOT NULL,        -- 'teruggedraaid' for a new import, 'actief' for a rollback
    action          VARCHAR NOT NULL,        -- 'import', 'terugdraaien', 'voorbeelddata uit'
    started_at      TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS import_period (
    import_id VARCHAR NOT NULL,
    period    DATE NOT NULL,                 -- a month, or 1 January of a year for spending
    PRIMARY KEY (import_id, period)
);

CREATE TABLE IF NOT EXISTS kinderwerk_reach (
    import_id       VARCHAR NOT NULL,
    org             VARCHAR NOT NULL,
    wijk_code       VARCHAR NOT NULL,
    indeling_year   INTEGER NOT NULL,
    month           DATE NOT NULL,
    activity_type   VARCHAR NOT NULL,
    age_band        VARCHAR NOT NULL,
    children_unique INTEGER NOT NULL,
    contacts        INTEGER NOT NULL,
    hours           DOUBLE PRECISION NOT NULL,
    parents_reached INTEGER,
    volunteers      INTEGER
);

CREATE TABLE IF NOT EXISTS signal (
    import_id     VARCHAR NOT NULL,
    org           VARCHAR NOT NULL,
    wijk_code     VARCHAR NOT NULL,
    indeling_year INTEGER NOT NULL,
    month         DATE NOT NULL,
    category      VARCHAR NOT NULL,
    outcome       VARCHAR NOT NULL,
    count         INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS spending (
    import_id     VARCHAR NOT NULL,
    org           VARCHAR NOT NULL,
    gemeente_code VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    taakveld      VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    amount        DOUBLE PRECISION NOT NULL
);

-- Audit trail (issue 12): every write — import, rollback, demo data on/off, refresh — with who, when,
-- what and the result, refused attempts included. Kept in the import store only: it names people, so
-- the warehouse (read by the public pages) never gets it; only a beheerder reads it (warehouse/audit.py).
CREATE TABLE IF NOT EXISTS audit_log (
    changed_at TIMESTAMP NOT NULL,
    actor   VARCHAR NOT NULL,                -- e-mail or subject from the sign-in, or the OS user
    role    VARCHAR NOT NULL,                -- 'beheerder', 'organisatie', 'publiek'
    via     VARCHAR NOT NULL,                -- 'aanmelding', 'lokaal', 'opdrachtregel', 'anoniem'
    action  VARCHAR NOT NULL,                -- 'import', 'terugdraaien', 'voorbeelddata aan', 'voorbeelddata uit', 'verversen'
    org     VARCHAR,                         -- the organisation written for, where there is one
    target  VARCHAR,                         -- file name or import id
    result  VARCHAR NOT NULL,                -- 'gelukt', 'ongewijzigd', 'afgekeurd', 'geweigerd', 'mislukt'
    message VARCHAR
);
