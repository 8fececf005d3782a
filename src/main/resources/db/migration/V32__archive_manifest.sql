-- One signature per issue batch: the batch's message SHA-256s in a manifest, signed once; each message's seal names
-- the manifest that lists its hash. Messages sealed one by one (archive_signature) keep their own signature.
CREATE TABLE archive_manifest (
    id         uuid PRIMARY KEY,
    seller_id  text        NOT NULL,
    content    bytea       NOT NULL,
    signature  bytea       NOT NULL,
    signer     text,
    created_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE invoice_message ADD COLUMN archive_manifest_id uuid REFERENCES archive_manifest (id);
