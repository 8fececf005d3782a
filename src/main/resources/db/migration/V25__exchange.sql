-- B2B exchange (B2B交換): invoices sent to and received from other businesses through the platform.
-- One row per invoice and direction; (direction, seller_id, invoice_number) is how a message delivered twice is
-- recognised, so it is stored once.
CREATE TABLE exchange_invoice (
    id               uuid         PRIMARY KEY,
    direction        varchar(8)   NOT NULL,   -- SALE (we are the seller, A0101 out) / PURCHASE (we are the buyer)
    seller_id        varchar(10)  NOT NULL,
    seller_name      varchar(60),
    buyer_id         varchar(10)  NOT NULL,
    buyer_name       varchar(60),
    invoice_number   varchar(10)  NOT NULL,
    invoice_date     date         NOT NULL,
    total_amount     numeric(20, 0),
    tax_amount       numeric(20, 0),
    status           varchar(16)  NOT NULL,   -- PENDING (awaits an answer) / CONFIRMED / REJECTED
    reason           varchar(200),            -- the rejection's reason, or why it waits for a person
    xml              text         NOT NULL,   -- the A0101 exactly as sent or received
    answer_type      varchar(5),              -- A0102 / A0301 once answered
    answer_xml       text,
    answer_written   boolean      NOT NULL DEFAULT false, -- our answer is in UpCast (a restart writes one still missing)
    answer_due       timestamptz  NOT NULL,
    overdue_alerted  timestamptz,             -- the one finance alert for an answer that did not come in time
    created_at       timestamptz  NOT NULL DEFAULT now(),
    answered_at      timestamptz,
    answered_by      varchar(100),
    UNIQUE (direction, seller_id, invoice_number)
);
CREATE INDEX exchange_invoice_list_idx ON exchange_invoice (direction, status, created_at);
CREATE INDEX exchange_invoice_due_idx ON exchange_invoice (answer_due) WHERE status = 'PENDING' AND overdue_alerted IS NULL;

-- Inbound messages the hub refused (not XML, schema, Turnkey's rules, not addressed to one of our BANs), kept with
-- their reason and content; never stored as purchase invoices.
CREATE TABLE exchange_refusal (
    id           bigserial    PRIMARY KEY,
    file_name    varchar(300) NOT NULL,
    message_type varchar(5),
    reason       text         NOT NULL,
    content      text,
    created_at   timestamptz  NOT NULL DEFAULT now()
);
