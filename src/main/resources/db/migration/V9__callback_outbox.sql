-- Result callbacks: one row per invoice outcome a source must hear about, written in the same transaction
-- as the status change (so an outcome is recorded exactly when it happened) and delivered by a timer route.
-- A row stays until delivered_at is set: a sink that is down, or a hub restart, loses nothing.
CREATE TABLE callback_outbox (
    id               bigserial    PRIMARY KEY,
    invoice_id       uuid         NOT NULL,
    connector        varchar(64)  NOT NULL,
    source_ref       varchar(128),
    status           varchar(16)  NOT NULL,     -- ISSUED, CONFIRMED, REJECTED, CANCELLED, VOIDED
    idempotency_key  varchar(80)  NOT NULL,     -- <invoiceNumber or invoice id>:<status>, sent to the sink
    payload          jsonb        NOT NULL,
    attempts         int          NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz  NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    last_error       text,
    alerted_at       timestamptz,               -- finance was told this sink keeps failing
    created_at       timestamptz  NOT NULL DEFAULT now()
);
-- the dispatcher's scan: only what is still due
CREATE INDEX callback_outbox_due_idx ON callback_outbox (next_attempt_at) WHERE delivered_at IS NULL;
-- outcomes of one invoice go out in order (ISSUED before CONFIRMED); this finds earlier pending ones
CREATE INDEX callback_outbox_invoice_idx ON callback_outbox (invoice_id, id) WHERE delivered_at IS NULL;
