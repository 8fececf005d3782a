-- Each platform SummaryResult checked against the ledger, with the differences found.
CREATE TABLE summary_reconciliation (
    file_name    varchar(300) PRIMARY KEY,
    messages     int          NOT NULL,
    good         int          NOT NULL,
    failed       int          NOT NULL,
    differences  jsonb        NOT NULL,
    checked_at   timestamptz  NOT NULL DEFAULT now()
);
