-- Sellers and branches: seeded from configuration, kept here so the console can edit them later.
CREATE TABLE seller (
    id            varchar(8)   PRIMARY KEY,
    name          varchar(60)  NOT NULL,
    address       varchar(100),
    qr_aes_key    varchar(64),
    default_branch varchar(20),
    updated_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE branch (
    seller_id     varchar(8)   NOT NULL REFERENCES seller(id),
    id            varchar(20)  NOT NULL,
    name          varchar(60)  NOT NULL,
    PRIMARY KEY (seller_id, id)
);

-- The ledger: one row per invoice; status changes are guarded by the expected previous status.
CREATE TABLE invoice (
    id              uuid         PRIMARY KEY,
    connector       varchar(64)  NOT NULL,
    source_ref      varchar(128) NOT NULL,
    seller_id       varchar(8)   NOT NULL,
    branch_id       varchar(20),
    invoice_type    varchar(2)   NOT NULL,
    invoice_number  varchar(10),
    random_code     varchar(4),
    issued_at       timestamptz,
    buyer_id        varchar(10),
    total_amount    numeric(14,0),
    status          varchar(16)  NOT NULL,
    platform_code   varchar(32),
    platform_message text,
    document        jsonb        NOT NULL,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    updated_at      timestamptz  NOT NULL DEFAULT now(),
    enqueued_at     timestamptz,
    CONSTRAINT invoice_source_unique UNIQUE (connector, source_ref)
);
CREATE UNIQUE INDEX invoice_number_unique ON invoice (seller_id, invoice_number) WHERE invoice_number IS NOT NULL;
CREATE INDEX invoice_status_idx ON invoice (status, updated_at);
CREATE INDEX invoice_pending_enqueue_idx ON invoice (created_at) WHERE enqueued_at IS NULL AND status = 'RECEIVED';

-- Append-only audit of every status change: who, what, when, why.
CREATE TABLE invoice_history (
    id           bigserial    PRIMARY KEY,
    invoice_id   uuid         NOT NULL REFERENCES invoice(id),
    from_status  varchar(16),
    to_status    varchar(16)  NOT NULL,
    actor        varchar(128) NOT NULL,
    reason       text,
    detail       jsonb,
    at           timestamptz  NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX invoice_history_invoice_idx ON invoice_history (invoice_id, id);

CREATE FUNCTION forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;
CREATE TRIGGER invoice_history_append_only BEFORE UPDATE OR DELETE ON invoice_history
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Records that failed mapping or validation: kept with their original payload, fixable and replayable.
CREATE TABLE rejected_record (
    id               bigserial    PRIMARY KEY,
    connector        varchar(64)  NOT NULL,
    source_ref       varchar(128),
    mapping          varchar(128),
    seller_id        varchar(8),
    status           varchar(16)  NOT NULL,   -- OPEN, REPLAYED, DISCARDED
    original_payload jsonb        NOT NULL,
    payload          jsonb        NOT NULL,   -- the latest (possibly corrected) payload
    violations       jsonb        NOT NULL,
    attempts         int          NOT NULL DEFAULT 1,
    invoice_id       uuid         REFERENCES invoice(id),
    created_at       timestamptz  NOT NULL DEFAULT now(),
    updated_at       timestamptz  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX rejected_record_open_unique ON rejected_record (connector, source_ref) WHERE status = 'OPEN' AND source_ref IS NOT NULL;
CREATE INDEX rejected_record_status_idx ON rejected_record (status, created_at);

CREATE TABLE rejected_record_event (
    id          bigserial    PRIMARY KEY,
    record_id   bigint       NOT NULL REFERENCES rejected_record(id),
    action      varchar(16)  NOT NULL,     -- REJECTED, CORRECTED, REPLAYED, DISCARDED
    actor       varchar(128) NOT NULL,
    payload     jsonb,
    violations  jsonb,
    invoice_id  uuid,
    at          timestamptz  NOT NULL DEFAULT clock_timestamp()
);
CREATE TRIGGER rejected_record_event_append_only BEFORE UPDATE OR DELETE ON rejected_record_event
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- People (console, Basic auth) and machines (API keys). Only hashes are stored.
CREATE TABLE app_user (
    username      varchar(64)  PRIMARY KEY,
    password_hash varchar(100) NOT NULL,
    role          varchar(16)  NOT NULL,     -- ADMIN, FINANCE, BRANCH
    seller_id     varchar(8),                -- null: all sellers
    branch_ids    varchar(20)[],             -- BRANCH users: the branches they see
    enabled       boolean      NOT NULL DEFAULT true,
    created_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE api_key (
    id           bigserial    PRIMARY KEY,
    prefix       varchar(16)  NOT NULL UNIQUE,
    key_hash     varchar(64)  NOT NULL,
    seller_id    varchar(8)   NOT NULL,
    name         varchar(64)  NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE UNIQUE INDEX api_key_hash_unique ON api_key (key_hash);
