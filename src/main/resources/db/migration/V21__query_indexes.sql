-- Indexes for the console's dashboard and invoice search and the query API, measured on 1,000,000 invoices
-- (`bench query`, docs/benchmarks.md). Each names the query it serves.

-- dashboard: counts by status / connector / branch and invoices per hour over a span of arrival time; the included
-- columns let PostgreSQL count from the index alone
CREATE INDEX invoice_created_idx ON invoice (created_at) INCLUDE (status, connector, seller_id, branch_id);
-- search by date range and the default sort (newest invoice date first), paged
CREATE INDEX invoice_issued_idx ON invoice (issued_at DESC, id DESC);
-- search by number without a seller (HQ admins see every seller; the unique index leads with seller_id)
CREATE INDEX invoice_number_idx ON invoice (invoice_number) WHERE invoice_number IS NOT NULL;
-- search by buyer BAN, newest first
CREATE INDEX invoice_buyer_idx ON invoice (buyer_id, issued_at DESC);
-- search by status within a branch (branch staff's view), newest first
CREATE INDEX invoice_branch_status_idx ON invoice (seller_id, branch_id, status, issued_at DESC);
-- search by amount
CREATE INDEX invoice_amount_idx ON invoice (total_amount);

-- API keys may carry scopes beyond the invoice API: 'metrics' lets Prometheus scrape /actuator/prometheus with the
-- key as its bearer token. Existing keys keep the invoice API ('api').
ALTER TABLE api_key ADD COLUMN scopes varchar(16)[] NOT NULL DEFAULT '{api}';
