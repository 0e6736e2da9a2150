-- BM25 over search_terms (the per-document index, pipeline/extract_search.py): the formula and
-- constants of DuckDB's fts extension (k1 = 1.2, b = 0.75, a query word matching any text
-- counts), so scores are the ones its match_bm25 gave; query words are tokenized and stemmed
-- as the texts were.

CREATE OR REPLACE TABLE search_stats AS
SELECT count(*) AS num_texts, coalesce(avg(n_terms), 0) AS avg_terms FROM search_texts;

-- search_terms_of('Budsjettene 2018'): the query's distinct stems.
CREATE OR REPLACE MACRO search_terms_of(query) AS TABLE
SELECT DISTINCT stem(w, 'norwegian') AS term
FROM (SELECT unnest(string_split_regex(regexp_replace(lower(query), '[^a-z0-9æøåäöüéèáà]+', ' ', 'g'), '\s+')) AS w)
WHERE w <> '';

-- search_scores('budsjett'): search_id and BM25 score of every text holding a query stem
-- (rounded: equal scores stay equal whatever order a parallel sum adds them in, so ties are
-- ordered by search_id, the same on every run).
CREATE OR REPLACE MACRO search_scores(query) AS TABLE
WITH hits AS (
    SELECT t.search_id, t.term, t.tf FROM search_terms t SEMI JOIN search_terms_of(query) q ON t.term = q.term
),
df AS (SELECT term, count(*) AS df FROM hits GROUP BY term)
SELECT h.search_id,
       round(sum(log(((st.num_texts - df.df + 0.5) / (df.df + 0.5)) + 1)
                 * ((h.tf * (1.2 + 1)) / (h.tf + 1.2 * ((1 - 0.75) + 0.75 * (s.n_terms / st.avg_terms))))), 9) AS score
FROM hits h JOIN df USING (term) JOIN search_texts s USING (search_id) CROSS JOIN search_stats st
GROUP BY h.search_id;

-- search_all('budsjett'): every searchable text that matches, best first, with its document.
CREATE OR REPLACE MACRO search_all(query) AS TABLE
SELECT m.score, s.text_kind, d.organization, d.body, d.meeting_date, s.case_number, s.case_title, s.text,
       d.source_path, s.doc_id, s.search_id, s.page, s.char_start, s.char_end
FROM search_scores(query) m
JOIN search_texts s USING (search_id)
JOIN documents d USING (doc_id)
ORDER BY m.score DESC, s.search_id;

-- search_decisions('budsjett'): decisions and proposals that match, best first.
CREATE OR REPLACE MACRO search_decisions(query) AS TABLE
SELECT * FROM search_all(query) WHERE text_kind IN ('decision', 'proposal');
