-- eventwire's DuckDB schema: one row per article, per sentence, per coded event, per quote and
-- per embedded social-media post. Written by eventwire.store.duckdb.Store, read by eventwire.query.
-- Spans are character offsets into articles.text (the cleaned text). Every statement is idempotent.

-- Which layout this file has; eventwire refuses to mix layouts in one file.
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('schema', '1');

CREATE TABLE IF NOT EXISTS articles (
    id            VARCHAR PRIMARY KEY,
    title         VARCHAR,
    url           VARCHAR,
    outlet        VARCHAR,
    published     VARCHAR,      -- as given in the input (ISO 8601 date or datetime)
    text          VARCHAR,      -- cleaned text
    content_hash  VARCHAR NOT NULL,  -- sha256 of the input article; decides re-ingestion
    language      VARCHAR,
    ingested_at   TIMESTAMP NOT NULL,
    errors        VARCHAR[]     -- "EW201 clean: ..." per record error
);

CREATE TABLE IF NOT EXISTS sentences (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS events (
    article_id      VARCHAR NOT NULL,
    idx             INTEGER NOT NULL,   -- index in the article's events list, as `eventwire code` writes it
    source_text     VARCHAR, source_code VARCHAR, source_country VARCHAR, source_sector VARCHAR, source_name VARCHAR,
    target_text     VARCHAR, target_code VARCHAR, target_country VARCHAR, target_sector VARCHAR, target_name VARCHAR,
    cameo           VARCHAR NOT NULL,
    root            VARCHAR NOT NULL,
    plover          VARCHAR,
    quad_class      INTEGER,
    goldstein       DOUBLE,
    modality        VARCHAR,
    speaker         VARCHAR,            -- attribution.speaker; NULL when the article's own voice asserts it
    speaker_type    VARCHAR,
    speaker_text    VARCHAR, speaker_code VARCHAR, speaker_country VARCHAR, speaker_sector VARCHAR, speaker_name VARCHAR,
    via             VARCHAR[],
    quote           BOOLEAN,
    date            VARCHAR,            -- ISO date the event happened, as resolved by the dates stage
    date_text       VARCHAR,
    location_name   VARCHAR, location_country VARCHAR, location_lat DOUBLE, location_lon DOUBLE,
    location_geonameid BIGINT, location_precision VARCHAR,
    sentence        VARCHAR,
    sentence_idx    INTEGER,            -- which sentences row holds span_start; 0 = the lead sentence
    span_start      INTEGER,
    span_end        INTEGER,
    trigger         VARCHAR,
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS quotes (
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,
    speaker     VARCHAR,
    speaker_text VARCHAR, speaker_code VARCHAR, speaker_country VARCHAR, speaker_sector VARCHAR, speaker_name VARCHAR,
    text        VARCHAR,
    span_start  INTEGER,
    span_end    INTEGER,
    via         VARCHAR[],
    PRIMARY KEY (article_id, idx)
);

CREATE TABLE IF NOT EXISTS posts (
    article_id       VARCHAR NOT NULL,
    idx              INTEGER NOT NULL,
    author           VARCHAR,
    handle           VARCHAR,
    time             VARCHAR,
    span_start       INTEGER,
    span_end         INTEGER,
    signature_start  INTEGER,
    signature_end    INTEGER,
    PRIMARY KEY (article_id, idx)
);

-- Events with their article's metadata and the day they are dated to: the event's own date,
-- else the article's publication day. Every event query reads this view.
CREATE OR REPLACE VIEW event_rows AS
SELECT e.*,
       TRY_CAST(COALESCE(e.date, LEFT(a.published, 10)) AS DATE) AS day,
       a.title, a.url, a.outlet, a.published, a.ingested_at
FROM events e JOIN articles a ON a.id = e.article_id;

-- Near-duplicate articles (eventwire.dedup): a syndicated or lightly edited copy points to the
-- article it copies; every copy is kept, and counts as one independent source with it.
ALTER TABLE articles ADD COLUMN IF NOT EXISTS duplicate_of VARCHAR;

-- Each article's MinHash signature over word shingles and its LSH band keys: a new article's
-- candidate copies are the stored articles sharing a band key.
CREATE TABLE IF NOT EXISTS article_signatures (
    article_id  VARCHAR PRIMARY KEY,
    signature   BLOB NOT NULL       -- MinHash hash values (uint32, little-endian)
);
CREATE TABLE IF NOT EXISTS article_bands (
    article_id  VARCHAR NOT NULL,
    band        SMALLINT NOT NULL,
    key         BIGINT NOT NULL     -- hash of the band's rows of the signature
);

-- Stories (eventwire.fuse): one row per real-world happening fused from event reports.
-- `partition` (CAMEO root group | acting country | state or non-state) is the unit an ingest
-- re-fuses; the canonical report is the event shown for the story.
CREATE TABLE IF NOT EXISTS stories (
    id                VARCHAR PRIMARY KEY,
    partition         VARCHAR NOT NULL,
    status            VARCHAR NOT NULL,  -- confirmed | single-source | disputed
    canonical_article VARCHAR NOT NULL,
    canonical_idx     INTEGER NOT NULL,
    source_code VARCHAR, target_code VARCHAR, cameo VARCHAR, root VARCHAR,
    articles          INTEGER NOT NULL,
    outlets           INTEGER NOT NULL,  -- independent outlets: a syndicated copy counts as its original
    reports           INTEGER NOT NULL,
    first_seen        VARCHAR,           -- earliest and latest publication time of a report
    last_seen         VARCHAR,
    date_first        DATE,              -- earliest and latest day of the happening
    date_last         DATE,
    asserted INTEGER, future INTEGER, possible INTEGER, negated INTEGER, conditional INTEGER, requested INTEGER,
    contradictions    INTEGER NOT NULL   -- contradicting pairs with a report of this story
);
CREATE TABLE IF NOT EXISTS story_reports (
    story_id    VARCHAR NOT NULL,
    article_id  VARCHAR NOT NULL,
    idx         INTEGER NOT NULL,        -- events.idx
    partition   VARCHAR NOT NULL,
    PRIMARY KEY (article_id, idx)
);
-- A report asserting, expecting or hedging a happening (a) and one negating it (b).
CREATE TABLE IF NOT EXISTS contradictions (
    story_a VARCHAR NOT NULL, article_a VARCHAR NOT NULL, idx_a INTEGER NOT NULL,
    story_b VARCHAR NOT NULL, article_b VARCHAR NOT NULL, idx_b INTEGER NOT NULL,
    partition VARCHAR NOT NULL
);
-- Partitions an ingest touched and that are not re-fused yet (emptied when they are).
CREATE TABLE IF NOT EXISTS story_pending (partition VARCHAR NOT NULL);
