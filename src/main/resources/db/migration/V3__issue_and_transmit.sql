-- Number ranges a branch issues from: one row per range, so allocation locks only the range it takes from.
CREATE TABLE number_range (
    id             bigserial    PRIMARY KEY,
    seller_id      varchar(8)   NOT NULL,
    branch_id      varchar(20)  NOT NULL,
    invoice_type   varchar(2)   NOT NULL,
    period         varchar(5)   NOT NULL,          -- yyyMM, ROC year + even closing month
    track          varchar(2)   NOT NULL,
    begin_no       integer      NOT NULL,
    end_no         integer      NOT NULL,
    next_no        integer      NOT NULL,          -- the next number to issue; end_no + 1 when used up
    effective_from timestamptz  NOT NULL DEFAULT now(),
    source         varchar(16)  NOT NULL,          -- DEMO (configuration) or ALLOCATION (HQ)
    created_at     timestamptz  NOT NULL DEFAULT now(),
    CHECK (begin_no <= end_no),
    CHECK (next_no BETWEEN begin_no AND end_no + 1),
    CONSTRAINT number_range_unique UNIQUE (seller_id, invoice_type, period, track, begin_no)
);
CREATE INDEX number_range_active_idx ON number_range (seller_id, branch_id, invoice_type, period, effective_from, begin_no)
    WHERE next_no <= end_no;

-- Why an invoice waits in RECEIVED (no numbers left, cannot be rendered), shown to finance.
ALTER TABLE invoice ADD COLUMN blocked_reason text;

-- Every MIG message made for an invoice (issue, cancel, void, allowance …) and its way through Turnkey.
CREATE TABLE invoice_message (
    id             uuid         PRIMARY KEY,
    invoice_id     uuid         NOT NULL REFERENCES invoice(id),
    message_type   varchar(5)   NOT NULL,          -- F0401, F0501, …
    seller_id      varchar(8)   NOT NULL,
    reference      varchar(16)  NOT NULL,          -- invoice or allowance number the message is about
    message_date   varchar(8)   NOT NULL,          -- yyyyMMdd: issue date, or cancel/void date
    identifier     varchar(30)  NOT NULL,          -- Turnkey's INVOICE_IDENTIFIER: <MSG><reference><date>
    file_name      varchar(200) NOT NULL,
    xml            text         NOT NULL,
    status         varchar(16)  NOT NULL,          -- RENDERED, SENT, CONFIRMED, REJECTED
    turnkey_status varchar(5),
    error_code     varchar(32),
    error_message  text,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    enqueued_at    timestamptz,
    sent_at        timestamptz,
    result_at      timestamptz,
    CONSTRAINT invoice_message_file_unique UNIQUE (file_name)
);
CREATE INDEX invoice_message_invoice_idx ON invoice_message (invoice_id, created_at);
CREATE INDEX invoice_message_status_idx ON invoice_message (status, sent_at);
CREATE INDEX invoice_message_identifier_idx ON invoice_message (identifier);
