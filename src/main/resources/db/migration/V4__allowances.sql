-- 折讓單: credit notes against an invoice, numbered by the hub per seller.
CREATE TABLE allowance (
    id              uuid         PRIMARY KEY,
    seller_id       varchar(8)   NOT NULL,
    allowance_number varchar(16) NOT NULL,
    invoice_id      uuid         NOT NULL REFERENCES invoice(id),
    allowance_date  date         NOT NULL,
    amount          numeric(14,0) NOT NULL,   -- untaxed
    tax             numeric(14,0) NOT NULL,
    cancelled       boolean      NOT NULL DEFAULT false,
    created_by      varchar(128) NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT allowance_number_unique UNIQUE (seller_id, allowance_number)
);
CREATE INDEX allowance_invoice_idx ON allowance (invoice_id);
CREATE SEQUENCE allowance_seq;
