-- Shopee refresh tokens are single-use and live 30 days; access tokens live 4 hours (developer guide 20).
-- Every refresh token the hub sends is written here, committed, before the request goes out: the unique hash makes
-- "each refresh token is sent at most once" a database rule, and a row left without an outcome (a crash or a lost
-- answer) says the token may have been spent: the hub never sends it again and asks for a re-authorisation instead.
CREATE TABLE shopee_token_refresh (
    id                 BIGSERIAL PRIMARY KEY,
    shop_id            BIGINT      NOT NULL,
    -- SHA-256 of the refresh token sent (the token itself is a secret)
    refresh_token_hash TEXT        NOT NULL UNIQUE,
    started_at         TIMESTAMPTZ NOT NULL,
    -- REFRESHED: Shopee answered with a new pair; REFUSED: Shopee said no; IN_DOUBT: sent, answer lost
    outcome            TEXT CHECK (outcome IN ('REFRESHED', 'REFUSED', 'IN_DOUBT')),
    detail             TEXT,
    finished_at        TIMESTAMPTZ
);
CREATE INDEX shopee_token_refresh_open ON shopee_token_refresh (shop_id) WHERE outcome IS NULL;

-- A shop whose authorisation cannot be renewed by the hub (refresh token refused, spent with its answer lost, or
-- Shopee's 7-day warning, push code 12): someone must authorise it again at /api/v1/shopee/authorize.
ALTER TABLE shopee_shop
    ADD COLUMN reauthorize_needed_at TIMESTAMPTZ,
    ADD COLUMN reauthorize_reason    TEXT;

-- One mail per shop and warning: Shopee repeats a push (code 12 may come again, and on several pages).
CREATE TABLE shopee_authorization_alert (
    shop_id       BIGINT      NOT NULL,
    -- REFRESH_LOST, REFRESH_REFUSED, or EXPIRES:<expire_before> for push code 12
    kind          TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (shop_id, kind)
);

-- Lost pushes whose data could not be read: kept, not confirmed away silently.
CREATE TABLE shopee_push_unread (
    id          BIGSERIAL PRIMARY KEY,
    shop_id     BIGINT,
    code        INT,
    pushed_at   BIGINT,
    reason      TEXT        NOT NULL,
    message     TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
