-- Paper vouchers read by digitize (issue 16): one row per image a seller sent, the fields read off it, and its review.
-- The image stays here (bytea) so the review page shows what was read and a restart loses nothing.
CREATE TABLE voucher (
    id              bigserial PRIMARY KEY,
    seller_id       varchar(8)  NOT NULL,              -- our BAN: the buyer on a purchase voucher
    file_name       text        NOT NULL,
    media_type      text        NOT NULL,
    content         bytea       NOT NULL,
    sha256          char(64)    NOT NULL,
    received_at     timestamptz NOT NULL DEFAULT now(),
    received_by     text        NOT NULL,
    channel         varchar(16) NOT NULL,              -- api, console, inbox
    status          varchar(16) NOT NULL DEFAULT 'RECEIVED'
                    CHECK (status IN ('RECEIVED', 'READ', 'NEEDS_REVIEW', 'APPROVED')),
    source          varchar(8),                        -- qr, ocr, none
    kind            varchar(16),
    recognised_text text,
    invoice_number  varchar(10),
    invoice_date    date,
    counterpart_ban varchar(8),                        -- the voucher's seller
    buyer_ban       varchar(8),
    sales_amount    bigint,
    tax_amount      bigint,
    total_amount    bigint,
    confidence      jsonb       NOT NULL DEFAULT '{}',
    flags           jsonb       NOT NULL DEFAULT '{}',
    read_at         timestamptz,
    read_seconds    double precision,
    approved_by     text,
    approved_at     timestamptz,
    -- the same image sent twice is one voucher: the second upload is answered with the first
    CONSTRAINT voucher_image_once UNIQUE (seller_id, sha256)
);

CREATE INDEX voucher_pending_idx ON voucher (id) WHERE status = 'RECEIVED';
CREATE INDEX voucher_seller_status_idx ON voucher (seller_id, status, id);
CREATE INDEX voucher_number_idx ON voucher (seller_id, invoice_number);
CREATE INDEX voucher_period_idx ON voucher (seller_id, invoice_date) WHERE status = 'APPROVED';
-- full-text search over what OCR recognised: CJK has no word breaks for tsvector's parsers, trigrams (V22) serve ILIKE
CREATE INDEX voucher_text_idx ON voucher USING gin (recognised_text gin_trgm_ops);

-- every change a reviewer made to a field read by the machine
CREATE TABLE voucher_correction (
    id           bigserial PRIMARY KEY,
    voucher_id   bigint      NOT NULL REFERENCES voucher (id),
    field        varchar(16) NOT NULL,
    old_value    text,
    new_value    text,
    corrected_by text        NOT NULL,
    corrected_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX voucher_correction_voucher_idx ON voucher_correction (voucher_id, id);
