-- Staging views: building blocks of the analysts' views, kept in their own schema so that
-- every view in the main schema is an analyst-facing v_* view. Inside a staging view an
-- unqualified name resolves in staging first, so tables are named main.<table>.

CREATE SCHEMA IF NOT EXISTS staging;

-- Cases with their document's header columns.
CREATE OR REPLACE VIEW staging.cases AS
SELECT c.*, d.source_path, d.doc_kind, d.organization, d.body, d.meeting_date
FROM main.cases c JOIN main.documents d USING (doc_id);
