-- Who numbers the invoices of a branch range: the hub's allocator (HUB), or the source itself, e.g. a POS that
-- prints its own numbers (SOURCE). The allocator never takes from a SOURCE range; intake accepts a self-numbered
-- invoice only inside one. For a SOURCE range next_no is the high-water mark of the numbers issued from it.
ALTER TABLE number_range ADD COLUMN numbered_by varchar(6) NOT NULL DEFAULT 'HUB'
    CHECK (numbered_by IN ('HUB', 'SOURCE'));

DROP INDEX number_range_active_idx;
CREATE INDEX number_range_active_idx ON number_range (seller_id, branch_id, invoice_type, period, effective_from, begin_no)
    WHERE next_no <= end_no AND numbered_by = 'HUB';
