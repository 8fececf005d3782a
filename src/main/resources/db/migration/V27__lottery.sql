-- Messages whose words the asking stage wrote (lottery notices) rather than the invoice-issued template. Kept on
-- the row, so a message queued before a restart is sent after it exactly as it was queued.
ALTER TABLE notification ADD COLUMN subject TEXT, ADD COLUMN body TEXT;

-- Each period's winning numbers, as imported (upload, manual entry, HTTP source). Matching is done when
-- matched_at is set; until then a hub (any hub of a cluster) picks the period up again, so a restart finishes it.
CREATE TABLE lottery_period (
    period      VARCHAR(5)  PRIMARY KEY,
    numbers     JSONB       NOT NULL,
    source      TEXT        NOT NULL CHECK (source IN ('UPLOAD', 'MANUAL', 'HTTP')),
    actor       TEXT        NOT NULL,
    imported_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    matched_at  TIMESTAMPTZ,
    winners     INT
);

-- Winning invoices and the notice log. One row per period, invoice and source (our own matching or the platform's
-- E0504 list): a second import, or a match run again after a restart, finds the row and adds nothing. A row is
-- announced once: notice_queued_at is set after notify has its message (unique per invoice, channel and kind),
-- so a crash between the two only asks notify again for a message it already has.
CREATE TABLE lottery_winner (
    id               BIGSERIAL   PRIMARY KEY,
    period           VARCHAR(5)  NOT NULL,
    source           TEXT        NOT NULL CHECK (source IN ('NUMBERS', 'E0504')),
    seller_id        VARCHAR(8)  NOT NULL,
    invoice_number   VARCHAR(10) NOT NULL,
    invoice_id       UUID        REFERENCES invoice (id),
    prize            TEXT        NOT NULL,
    amount           BIGINT      NOT NULL,
    prize_type       TEXT,
    note             TEXT,
    found_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    notice_queued_at TIMESTAMPTZ,
    UNIQUE (period, seller_id, invoice_number, source)
);
CREATE INDEX lottery_winner_to_announce ON lottery_winner (id) WHERE notice_queued_at IS NULL;

-- E0504 files already read from Turnkey's download folder; the folder is only read, never emptied.
CREATE TABLE lottery_award_file (
    file_name   TEXT        PRIMARY KEY,
    winners     INT         NOT NULL DEFAULT 0,
    imported_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Matching reads one period of one carrier type: member-carrier invoices by their issue time.
CREATE INDEX invoice_carrier_type_issued ON invoice ((document -> 'carrier' ->> 'type'), issued_at) WHERE invoice_number IS NOT NULL;
