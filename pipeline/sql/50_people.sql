-- People marts: who was there, who stood in for whom, how often people attend.

-- Person × meeting with status.
CREATE OR REPLACE VIEW v_attendance AS
WITH meetings AS (
    SELECT doc_id, organization, body, meeting_date, kind, source_path FROM documents
),
rows_with_person AS (
    SELECT a.*, p.name AS person_name
    FROM attendance a LEFT JOIN persons p USING (person_id)
)
SELECT m.organization, m.body, m.meeting_date, r.person_id, r.person_name, r.name AS name_as_written,
       r.affiliation, r.affiliation_norm, r.status, r.role, r.deputy_for, r.from_case, r.to_case, r.note,
       m.kind AS doc_kind, m.source_path, r.doc_id, r.page, r.char_start, r.char_end
FROM rows_with_person r JOIN meetings m USING (doc_id)
ORDER BY m.meeting_date NULLS LAST, m.source_path, r.char_start;

-- Attendance rate per person and per affiliation: meetings present (or as deputy) / meetings expected
-- (every meeting the person or affiliation is listed for, present or absent).
CREATE OR REPLACE VIEW v_attendance_rate AS
WITH listed AS (
    SELECT person_id, person_name, affiliation_norm, affiliation, status, doc_id
    FROM v_attendance WHERE role IN ('member', 'chair', 'deputy_chair')
),
per_person AS (
    SELECT 'person' AS level, person_id AS key, any_value(person_name) AS name,
           count(DISTINCT doc_id) FILTER (WHERE status IN ('present', 'deputy')) AS meetings_present,
           count(DISTINCT doc_id) AS meetings_expected
    FROM listed GROUP BY person_id
),
per_affiliation AS (
    SELECT 'affiliation' AS level, coalesce(affiliation_norm, affiliation) AS key,
           coalesce(affiliation_norm, affiliation) AS name,
           count(DISTINCT doc_id) FILTER (WHERE status IN ('present', 'deputy')) AS meetings_present,
           count(DISTINCT doc_id) AS meetings_expected
    FROM listed WHERE coalesce(affiliation_norm, affiliation) IS NOT NULL
    GROUP BY coalesce(affiliation_norm, affiliation)
)
SELECT *, round(meetings_present / meetings_expected, 3) AS rate
FROM (SELECT * FROM per_person UNION ALL SELECT * FROM per_affiliation)
ORDER BY level, rate, name;

-- Who stood in for whom, when.
CREATE OR REPLACE VIEW v_deputies AS
SELECT a.meeting_date, a.organization, a.body, a.person_name AS deputy, a.person_id AS deputy_person_id,
       a.deputy_for, r.deputy_for_person_id, a.affiliation, a.from_case, a.to_case, a.source_path,
       a.doc_id, a.page, a.char_start
FROM v_attendance a JOIN attendance r ON r.doc_id = a.doc_id AND r.char_start = a.char_start
WHERE a.status = 'deputy'
ORDER BY a.meeting_date NULLS LAST, a.source_path, a.char_start;
