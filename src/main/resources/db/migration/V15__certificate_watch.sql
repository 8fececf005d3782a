-- What the certificate watch told finance, so that each warning goes out once however many hub instances check
-- and however often: one row per seller, certificate (its SHA-256) and warning (a threshold crossed, e.g. PT168H
-- for 7 days, or EXPIRED). An unreadable keystore is reported once a day while it stays unreadable (about = the
-- day, alert = UNREADABLE). A row whose mail failed is deleted again, so that the next check retries it.
CREATE TABLE certificate_alert (
    seller_id   varchar(8)   NOT NULL,
    about       varchar(64)  NOT NULL,
    alert       varchar(32)  NOT NULL,
    not_after   timestamptz,
    alerted_at  timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (seller_id, about, alert)
);

-- archive verify walks invoice_message in pages by (created_at, id)
CREATE INDEX invoice_message_created_idx ON invoice_message (created_at, id);
