-- How far the hub has read Turnkey's TURNKEY_SYSEVENT_LOG, per kind of entry it raises (SIGNING_FAILURES: ERRORCODE
-- -007), so each entry becomes exactly one finance alert. EVENTDTS is Turnkey's key and rises (yyyyMMddHHmmssSSS,
-- Turnkey makes consecutive values unique).
CREATE TABLE turnkey_watermark (
    name        varchar(32)  PRIMARY KEY,
    eventdts    varchar(17)  NOT NULL,
    updated_at  timestamptz  NOT NULL DEFAULT now()
);
