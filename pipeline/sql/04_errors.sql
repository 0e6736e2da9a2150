-- Documents that were read but whose segmenting or extracting failed (in part): one row per
-- failure. The run goes on: a failed extract step leaves that table without the document's
-- rows, a failed segment step leaves the document with its documents row only.

CREATE OR REPLACE TABLE extract_errors (
    doc_id VARCHAR NOT NULL,
    source_path VARCHAR,
    stage VARCHAR,          -- segment | extract
    step VARCHAR,           -- the table whose builder failed (extract), or segment
    error_type VARCHAR,
    error VARCHAR
);
