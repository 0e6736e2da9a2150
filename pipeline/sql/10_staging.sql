-- Staging views: base tables joined with their document header, one row per source row.

CREATE OR REPLACE VIEW stg_cases AS
WITH docs AS (
    SELECT doc_id, source_path, kind AS doc_kind, organization, body, meeting_date
    FROM documents
),
cases_with_doc AS (
    SELECT c.*, d.source_path, d.doc_kind, d.organization, d.body, d.meeting_date
    FROM cases c JOIN docs d USING (doc_id)
)
SELECT * FROM cases_with_doc;

CREATE OR REPLACE VIEW stg_decisions AS
WITH docs AS (
    SELECT doc_id, source_path, organization, body, meeting_date FROM documents
)
SELECT dec.*, d.source_path, d.organization, d.body, d.meeting_date
FROM decisions dec JOIN docs d USING (doc_id);
