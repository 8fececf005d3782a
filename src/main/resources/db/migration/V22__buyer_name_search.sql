-- The console's buyer-name search, measured like V21's reads (`bench query`, docs/benchmarks.md). The dashboard's
-- deadline counts need no index of their own: invoice_status_idx holds the few invoices not yet confirmed.

-- search by a part of the buyer's name (the console's buyer field when it is not a BAN): trigrams let
-- ILIKE '%part%' read the index instead of every invoice's document. pg_trgm ships with PostgreSQL (contrib) and is a
-- trusted extension, so the hub's database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX invoice_buyer_name_idx ON invoice USING gin ((document->'buyer'->>'name') gin_trgm_ops);

