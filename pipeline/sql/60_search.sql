-- Full-text search with Norwegian stemming. One table holds every searchable text: case
-- titles, decision and proposal texts, and each document's whole text; search_terms (made per
-- document in extract, pipeline/extract_search.py) holds their stems, stemmed with the Snowball
-- Norwegian stemmer of DuckDB's fts extension ("budsjettene" finds "budsjett"), æ, ø, å kept in
-- words, no stopwords (BM25 weighs common words down by itself).

CREATE OR REPLACE TABLE search_texts AS
WITH case_titles AS (
    SELECT 'case:' || case_id AS search_id, doc_id, 'case_title' AS text_kind, case_number, title AS case_title,
           title AS text, page, char_start, heading_end AS char_end
    FROM cases WHERE title IS NOT NULL
),
decision_texts AS (
    SELECT 'decision:' || decision_id, doc_id, decision_kind, case_number, item_title, text, page, char_start, char_end
    FROM decisions WHERE text IS NOT NULL AND text <> ''
),
document_text AS (
    SELECT 'document:' || doc_id, doc_id, 'document', NULL, NULL, text, 1, 0, length(text)
    FROM document_texts
),
texts AS (
    SELECT * FROM case_titles
    UNION ALL SELECT * FROM decision_texts
    UNION ALL SELECT * FROM document_text
),
lengths AS (
    SELECT search_id, sum(tf)::INTEGER AS n_terms FROM search_terms GROUP BY search_id
)
SELECT t.*, coalesce(l.n_terms, 0) AS n_terms
FROM texts t LEFT JOIN lengths l USING (search_id)
ORDER BY search_id;
