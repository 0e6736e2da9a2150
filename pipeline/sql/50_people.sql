-- People marts: who was there, who stood in for whom, how often people attend.
-- `name` is a name as written in the row's document, `person_name` the person identity's.

-- The meeting each document belongs to. Meeting identity is organisation, canonical body
-- and date, so the same minutes filed twice (as text and as PDF) are one meeting. A document
-- whose organisation was not read belongs to the meeting of the same body and date when
-- exactly one organisation has one; a document without date or body (or whose organisation
-- stays unknown) is a meeting of its own.
CREATE OR REPLACE VIEW staging.document_meetings AS
WITH known AS (
    SELECT body, meeting_date, min(organization) AS organization, count(DISTINCT organization) AS n_organizations
    FROM staging.document_keys
    WHERE organization IS NOT NULL AND body IS NOT NULL AND meeting_date IS NOT NULL
    GROUP BY body, meeting_date
),
resolved AS (
    SELECT d.doc_id, d.body, d.meeting_date,
           coalesce(d.organization, CASE WHEN k.n_organizations = 1 THEN k.organization END) AS organization
    FROM staging.document_keys d
    LEFT JOIN known k ON k.body = d.body AND k.meeting_date = d.meeting_date
)
SELECT doc_id, organization, body, meeting_date,
       CASE WHEN meeting_date IS NULL OR body IS NULL OR organization IS NULL THEN 'doc:' || doc_id
            ELSE concat_ws('|', organization, body, meeting_date) END AS meeting_key
FROM resolved;

-- Person × document with status, and the meeting (meeting_key) the document belongs to.
CREATE OR REPLACE VIEW v_attendance AS
WITH meetings AS (
    SELECT d.doc_id, d.organization, d.body, d.meeting_date, d.doc_kind, d.source_path, m.meeting_key
    FROM staging.document_keys d JOIN staging.document_meetings m USING (doc_id)
),
rows_with_person AS (
    SELECT a.*, p.person_name
    FROM attendance a LEFT JOIN persons p USING (person_id)
)
SELECT m.organization, m.body, m.meeting_date, m.meeting_key, r.person_id, r.person_name, r.name,
       r.affiliation, r.affiliation_norm, r.status, r.role, r.deputy_for, r.deputy_for_person_id,
       r.from_case, r.to_case, r.note, m.doc_kind, m.source_path, r.doc_id, r.attendance_id, r.page,
       r.char_start, r.char_end
FROM rows_with_person r JOIN meetings m USING (doc_id)
ORDER BY m.meeting_date NULLS LAST, m.source_path, r.char_start;

-- Attendance rate per person and per affiliation: meetings present (or as deputy) / meetings
-- expected (every meeting the person or affiliation is listed for, present or absent).
-- Meetings are counted by meeting_key, so a meeting filed as two documents counts once; a
-- person listed present in either counts as present.
CREATE OR REPLACE VIEW v_attendance_rate AS
WITH listed AS (
    SELECT person_id, person_name, coalesce(affiliation_norm, affiliation) AS affiliation, status, meeting_key
    FROM v_attendance WHERE role IN ('member', 'chair', 'deputy_chair')
),
per_person AS (
    SELECT 'person' AS level, person_id, min(person_name) AS person_name, NULL AS affiliation,
           count(DISTINCT meeting_key) FILTER (WHERE status IN ('present', 'deputy')) AS meetings_present,
           count(DISTINCT meeting_key) AS meetings_expected
    FROM listed GROUP BY person_id
),
per_affiliation AS (
    SELECT 'affiliation' AS level, NULL AS person_id, NULL AS person_name, affiliation,
           count(DISTINCT meeting_key) FILTER (WHERE status IN ('present', 'deputy')) AS meetings_present,
           count(DISTINCT meeting_key) AS meetings_expected
    FROM listed WHERE affiliation IS NOT NULL
    GROUP BY affiliation
)
SELECT *, round(meetings_present / meetings_expected, 3) AS rate
FROM (SELECT * FROM per_person UNION ALL SELECT * FROM per_affiliation)
ORDER BY level, rate, person_name, affiliation;

-- Who stood in for whom, when.
CREATE OR REPLACE VIEW v_deputies AS
SELECT a.meeting_date, a.organization, a.body, a.person_id, a.person_name, a.name, a.deputy_for,
       a.deputy_for_person_id, p.person_name AS deputy_for_person_name, a.affiliation, a.from_case, a.to_case,
       a.source_path, a.doc_id, a.page, a.char_start
FROM v_attendance a LEFT JOIN persons p ON p.person_id = a.deputy_for_person_id
WHERE a.status = 'deputy'
ORDER BY a.meeting_date NULLS LAST, a.source_path, a.char_start;
