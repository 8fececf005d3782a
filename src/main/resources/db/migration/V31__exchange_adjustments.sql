-- B2B exchange adjustments: a seller's cancel (A0201), allowance (B0101) and allowance cancel (B0201) of an exchanged
-- invoice, sent by us (SALE) or received (PURCHASE), each waiting for or carrying the counterpart's answer
-- (A0202, B0102, B0202). (direction, message_type, seller_id, reference) is how a message delivered twice is
-- recognised, so it is stored and answered once.
CREATE TABLE exchange_adjustment (
    id              uuid         PRIMARY KEY,
    direction       varchar(8)   NOT NULL,   -- SALE (we sent it) / PURCHASE (a seller sent it to us)
    message_type    varchar(5)   NOT NULL,   -- A0201 / B0101 / B0201
    seller_id       varchar(10)  NOT NULL,
    buyer_id        varchar(10)  NOT NULL,
    reference       varchar(16)  NOT NULL,   -- the cancelled invoice's number (A0201) or the allowance's (B0101/B0201)
    reference_date  date         NOT NULL,   -- InvoiceDate (A0201) or AllowanceDate (B0101/B0201): the answer names it
    invoice_number  varchar(10),             -- the exchanged invoice it adjusts (A0201, B0101)
    amount          numeric(20, 0),          -- B0101: untaxed total of the allowance
    tax             numeric(20, 0),          -- B0101: its tax
    cancelled       boolean      NOT NULL DEFAULT false, -- B0101: a B0201 for it was answered
    status          varchar(16)  NOT NULL,   -- PENDING (awaits the answer) / CONFIRMED
    reason          varchar(200),            -- the cancel's reason, or why a received one waits
    xml             text         NOT NULL,
    answer_type     varchar(5),              -- A0202 / B0102 / B0202 once answered
    answer_xml      text,
    answer_written  boolean      NOT NULL DEFAULT false,
    answer_due      timestamptz  NOT NULL,
    overdue_alerted timestamptz,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    answered_at     timestamptz,
    answered_by     varchar(100),
    UNIQUE (direction, message_type, seller_id, reference)
);
CREATE INDEX exchange_adjustment_invoice_idx ON exchange_adjustment (direction, seller_id, invoice_number);
CREATE INDEX exchange_adjustment_due_idx ON exchange_adjustment (answer_due) WHERE status = 'PENDING' AND overdue_alerted IS NULL;
