-- Marts: the views analysts query.

-- One row per case treated in a document: decision(s) and proposal(s) joined in order.
CREATE OR REPLACE VIEW v_cases AS
WITH decided AS (
    SELECT doc_id, case_number,
           string_agg(text, ' | ' ORDER BY char_start) AS decision,
           string_agg(DISTINCT outcome, ', ' ORDER BY outcome) AS outcomes
    FROM decisions WHERE decision_kind = 'decision' AND case_number IS NOT NULL
    GROUP BY doc_id, case_number
),
proposed AS (
    SELECT doc_id, case_number, string_agg(text, ' | ' ORDER BY char_start) AS proposal
    FROM decisions WHERE decision_kind = 'proposal' AND case_number IS NOT NULL
    GROUP BY doc_id, case_number
)
SELECT c.organization, c.body, c.meeting_date, c.case_number, c.title,
       p.proposal, d.decision, d.outcomes, c.doc_kind, c.source_path,
       c.doc_id, c.case_id, c.page, c.char_start, c.char_end
FROM staging.cases c
LEFT JOIN decided d USING (doc_id, case_number)
LEFT JOIN proposed p USING (doc_id, case_number)
ORDER BY c.meeting_date NULLS LAST, c.source_path, c.ordinal;

-- Every case across all documents and bodies, in date order: treated or referred to.
CREATE OR REPLACE VIEW v_case_history AS
WITH treated AS (
    SELECT organization, body, case_number, meeting_date, 'treated' AS role, title AS detail,
           source_path, doc_id, page, char_start
    FROM staging.cases
),
referenced AS (
    SELECT d.organization, d.body, r.case_number, d.meeting_date, 'referenced' AS role,
           r.context AS detail, d.source_path, r.doc_id, r.page, r.char_start
    FROM case_references r JOIN documents d USING (doc_id)
)
SELECT * FROM treated
UNION ALL
SELECT * FROM referenced
ORDER BY case_number, meeting_date NULLS LAST, source_path, char_start;

-- Every decision and proposal block with its document's header.
CREATE OR REPLACE VIEW v_decisions AS
SELECT d.organization, d.body, d.meeting_date, dec.case_number, dec.item_title, dec.decision_kind,
       dec.label, dec.text, dec.outcome, d.source_path, dec.doc_id, dec.decision_id, dec.page,
       dec.char_start, dec.char_end
FROM decisions dec JOIN documents d USING (doc_id)
ORDER BY d.meeting_date NULLS LAST, d.source_path, dec.char_start;

-- Every input file and what became of it.
CREATE OR REPLACE VIEW v_inputs AS
SELECT p.source_path, p.status, p.doc_id, e.error_type, e.error
FROM document_paths p LEFT JOIN ingest_errors e USING (source_path)
ORDER BY p.source_path;
