-- HQ and branch number allocation (總分支機構配號). The strongest guard against two branches holding the
-- same number is the database itself: an exclusion constraint on (period, track, range) with btree_gist.
-- An external PostgreSQL needs the extension available (contrib; CREATE EXTENSION needs the owner's rights).
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Numbers the MOF assigned to a seller (E0501 download, the platform's CSV, or typed in by an HQ admin).
CREATE TABLE track_assignment (
    id            bigserial    PRIMARY KEY,
    seller_id     varchar(8)   NOT NULL,
    invoice_type  varchar(2)   NOT NULL,
    period        varchar(5)   NOT NULL,
    track         varchar(2)   NOT NULL,
    begin_no      integer      NOT NULL,
    end_no        integer      NOT NULL,
    booklets      integer      NOT NULL,
    source        varchar(16)  NOT NULL,          -- E0501, CSV, MANUAL
    source_ref    varchar(300),                   -- file name, or the admin
    created_at    timestamptz  NOT NULL DEFAULT now(),
    CHECK (begin_no <= end_no),
    CONSTRAINT track_assignment_unique UNIQUE (seller_id, invoice_type, period, track, begin_no),
    -- a number is assigned once nationwide per period and track
    CONSTRAINT track_assignment_no_overlap EXCLUDE USING gist (
        period WITH =, track WITH =, int4range(begin_no, end_no, '[]') WITH &&)
);

-- E0501 files already read from the Turnkey download folder: each file once, even across restarts.
CREATE TABLE track_assignment_file (
    file_name     varchar(500) PRIMARY KEY,
    assignments   integer      NOT NULL,
    imported_at   timestamptz  NOT NULL DEFAULT now()
);

-- Branch allocations are number_range rows with source ALLOCATION, tied to the assignment they come from.
ALTER TABLE number_range ADD COLUMN assignment_id bigint REFERENCES track_assignment(id);
ALTER TABLE number_range ADD COLUMN created_by varchar(100);
ALTER TABLE number_range ADD CONSTRAINT number_range_no_overlap EXCLUDE USING gist (
    period WITH =, track WITH =, int4range(begin_no, end_no, '[]') WITH &&);

-- Every change to an allocation: who, when, before and after (JSON of the row).
CREATE TABLE number_range_audit (
    id         bigserial    PRIMARY KEY,
    range_id   bigint       NOT NULL,
    action     varchar(16)  NOT NULL,            -- ALLOCATE, EXTEND, SHRINK
    actor      varchar(100) NOT NULL,
    at         timestamptz  NOT NULL DEFAULT now(),
    before     jsonb,
    after      jsonb
);
CREATE INDEX number_range_audit_range_idx ON number_range_audit (range_id, at);
CREATE TRIGGER number_range_audit_append_only BEFORE UPDATE OR DELETE ON number_range_audit
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Branch settings numbering needs: its own BAN for E0401/E0402 (default the seller's) and its low-stock threshold.
ALTER TABLE branch ADD COLUMN ban varchar(8);
ALTER TABLE branch ADD COLUMN low_stock_threshold integer;

-- Low-stock crossings: one row per branch, invoice type and period; 'low' is set when the alert went out
-- and cleared when stock rises above the threshold again, so each crossing mails once.
CREATE TABLE number_stock_alert (
    seller_id     varchar(8)   NOT NULL,
    branch_id     varchar(20)  NOT NULL,
    invoice_type  varchar(2)   NOT NULL,
    period        varchar(5)   NOT NULL,
    low           boolean      NOT NULL DEFAULT false,
    remaining     integer,
    changed_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (seller_id, branch_id, invoice_type, period)
);

-- E0401/E0402 are not about an invoice.
ALTER TABLE invoice_message ALTER COLUMN invoice_id DROP NOT NULL;
