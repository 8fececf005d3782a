-- Events finance must hear about, collected and mailed as one digest per interval.
-- sent_at stays null until a digest carrying the alert went out, so a mail failure loses nothing.
CREATE TABLE finance_alert (
    id             bigserial    PRIMARY KEY,
    kind           varchar(16)  NOT NULL,     -- REJECTED (the platform refused a message)
    seller_id      varchar(8),
    invoice_id     uuid,
    invoice_number varchar(20),
    code           varchar(32),
    message        text,
    created_at     timestamptz  NOT NULL DEFAULT now(),
    sent_at        timestamptz
);
CREATE INDEX finance_alert_unsent_idx ON finance_alert (created_at) WHERE sent_at IS NULL;

-- Conditions found by looking at the ledger (STUCK, DEADLINE): when each invoice was last reported,
-- and in which state, so a digest repeats an item at most once per hub.notify.repeat-after unless its
-- state changed (another status, or a near deadline that has now passed).
CREATE TABLE finance_alert_report (
    invoice_id   uuid         NOT NULL,
    kind         varchar(16)  NOT NULL,       -- STUCK, DEADLINE
    state        varchar(32)  NOT NULL,       -- STUCK: the status; DEADLINE: status:NEAR or status:OVERDUE
    reported_at  timestamptz  NOT NULL,
    PRIMARY KEY (invoice_id, kind)
);
