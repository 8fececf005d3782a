-- Reference schema of an ERP's staging tables for the erp-sql-source / erp-sql-sink connectors (PostgreSQL).
-- The ERP inserts one header row per invoice (hub_status = 'NEW') and its lines, in ONE transaction, so the hub
-- never claims a header whose lines are still being written. The hub owns the columns after "hub side".
-- Names are the defaults: hub.erp.<name>.table (einvoice_staging) and .lines-table (<table>_line).
CREATE TABLE einvoice_staging (
    source_ref          varchar(64)   PRIMARY KEY,          -- the ERP's document key; the hub's idempotency key
    seller_id           varchar(8)    NOT NULL,             -- seller BAN
    branch_id           varchar(20),                        -- hub branch id; blank = the seller's default
    issued_at           timestamptz,                        -- blank = when the hub issues it
    buyer_id            varchar(10),                        -- buyer BAN; blank for a consumer
    buyer_name          varchar(60),
    buyer_email         varchar(80),
    carrier_type        varchar(6),                         -- 3J0002 mobile barcode, CQ0001 citizen certificate
    carrier_id          varchar(64),
    npoban              varchar(7),                         -- donation code (愛心碼)
    print_flag          boolean,
    tax_type            varchar(1),                         -- 1 taxable, 2 zero-rated, 3 exempt, 9 mixed
    tax_rate            numeric(6,4),
    prices_include_tax  boolean,
    remark              varchar(200),
    created_at          timestamptz   NOT NULL DEFAULT now(),
    -- hub side ------------------------------------------------------------------------------------------------
    hub_status          varchar(16)   NOT NULL DEFAULT 'NEW', -- NEW → CLAIMED → ACCEPTED | ERROR
    claimed_by          varchar(80),                        -- hub node that took the row
    claimed_at          timestamptz,
    invoice_number      varchar(10),                        -- written once issued, e.g. ZZ00000001
    random_code         varchar(4),
    invoice_status      varchar(16),                        -- RECEIVED, ISSUED, CONFIRMED, REJECTED, CANCELLED, VOIDED
    error_code          varchar(64),                        -- intake violation codes or the platform's code (E0305 …)
    error_message       text,
    result_at           timestamptz                         -- when the hub last wrote a result
);
-- the claim query's scan
CREATE INDEX einvoice_staging_claim_idx ON einvoice_staging (created_at) WHERE hub_status IN ('NEW', 'CLAIMED');

CREATE TABLE einvoice_staging_line (
    source_ref   varchar(64)    NOT NULL REFERENCES einvoice_staging (source_ref),
    line_no      int            NOT NULL,
    description  varchar(256)   NOT NULL,
    quantity     numeric(18,4)  NOT NULL,
    unit         varchar(6),
    unit_price   numeric(18,4)  NOT NULL,
    amount       numeric(18,4)  NOT NULL,
    tax_type     varchar(1),
    PRIMARY KEY (source_ref, line_no)
);

-- Option: results through a procedure instead of the result columns (hub.erp.<name>.result-procedure), e.g. when
-- the ERP keeps results elsewhere or must react at once. The hub calls it with these six arguments, in order,
-- once per outcome and possibly more than once (retries): make it idempotent.
CREATE OR REPLACE PROCEDURE einvoice_result(p_source_ref varchar, p_invoice_number varchar, p_random_code varchar,
                                            p_status varchar, p_error_code varchar, p_error_message text)
LANGUAGE sql AS $$
    UPDATE einvoice_staging
       SET invoice_number = p_invoice_number, random_code = p_random_code, invoice_status = p_status,
           error_code = p_error_code, error_message = p_error_message, result_at = now()
     WHERE source_ref = p_source_ref;
$$;
