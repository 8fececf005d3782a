-- Who confirmed: the MOF platform, through Turnkey's database ('platform'), or the Turnkey + platform simulator
-- ('simulator'), whose confirmations never reached the MOF. Written when the confirmation is recorded.
ALTER TABLE invoice ADD COLUMN confirmed_by varchar(16);
ALTER TABLE invoice_message ADD COLUMN confirmed_by varchar(16);

-- API keys keep beside their hash only a short id that is no part of the secret: ehk_ and six characters for the
-- hub's own keys, key_ and six characters of the hash for others. Ids need not be unique (the hash is); the ids of
-- earlier keys held twelve characters of the key and are cut down.
ALTER TABLE api_key DROP CONSTRAINT api_key_prefix_key;
UPDATE api_key SET prefix = CASE
    WHEN prefix LIKE 'ehk\_%' THEN left(prefix, 10)
    ELSE 'key_' || left(key_hash, 6) END;
CREATE INDEX api_key_prefix_idx ON api_key (prefix);
