-- Print jobs to network thermal printers. A job is SENDING from just before its bytes go out until it is marked
-- PRINTED: a printer answers nothing, so a job found SENDING after a restart is never sent again (UNCERTAIN).
CREATE TABLE print_job (
    id           BIGSERIAL PRIMARY KEY,
    invoice_id   UUID        NOT NULL REFERENCES invoice (id),
    printer      TEXT        NOT NULL,
    state        TEXT        NOT NULL CHECK (state IN ('QUEUED', 'SENDING', 'PRINTED', 'UNCERTAIN', 'FAILED')),
    attempts     INT         NOT NULL DEFAULT 0,
    last_error   TEXT,
    next_attempt TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor        TEXT        NOT NULL,
    reprint      BOOLEAN,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    printed_at   TIMESTAMPTZ
);
CREATE INDEX print_job_due ON print_job (next_attempt) WHERE state = 'QUEUED';
CREATE INDEX print_job_invoice ON print_job (invoice_id);

-- Messages to consumers. One per invoice, channel and kind: a retry updates the row, it never adds a second message.
CREATE TABLE notification (
    id              BIGSERIAL PRIMARY KEY,
    invoice_id      UUID        NOT NULL REFERENCES invoice (id),
    channel         TEXT        NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
    kind            TEXT        NOT NULL,
    address         TEXT        NOT NULL,
    address_masked  TEXT        NOT NULL,
    state           TEXT        NOT NULL CHECK (state IN ('PENDING', 'SENDING', 'SENT', 'OPTED_OUT', 'FAILED')),
    attempts        INT         NOT NULL DEFAULT 0,
    provider_answer TEXT,
    next_attempt    TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at         TIMESTAMPTZ,
    UNIQUE (invoice_id, channel, kind)
);
CREATE INDEX notification_due ON notification (next_attempt) WHERE state = 'PENDING';

-- Consumers who asked for no messages, by normalised email (lower case) or phone (digits, 09xxxxxxxx).
CREATE TABLE notification_opt_out (
    address    TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
