-- Files claimed from drop folders: the primary key makes the claim atomic, so one node of a cluster
-- processes a file and the others skip it (INSERT ... ON CONFLICT DO NOTHING decides).
CREATE TABLE drop_file_claim
(
    processor  VARCHAR(100) NOT NULL,
    file_key   VARCHAR(1000) NOT NULL,
    claimed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (processor, file_key)
);

-- Excel batches posted to the API: progress is updated as rows are done, the result file is kept beside
-- the upload under <data>/batches/.
CREATE TABLE batch
(
    id            UUID PRIMARY KEY,
    file_name     VARCHAR(500) NOT NULL,
    seller_id     VARCHAR(8),
    created_by    VARCHAR(200) NOT NULL,
    status        VARCHAR(20)  NOT NULL,
    rows_total    BIGINT,
    rows_done     BIGINT       NOT NULL DEFAULT 0,
    accepted      BIGINT       NOT NULL DEFAULT 0,
    duplicates    BIGINT       NOT NULL DEFAULT 0,
    rejected      BIGINT       NOT NULL DEFAULT 0,
    error         TEXT,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ
);
