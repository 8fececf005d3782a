-- One row per started Shopee shop authorisation: the state value handed to Shopee inside the redirect URL.
-- The callback must bring back a state that exists, is unused and has not expired (CSRF / forged redirects).
-- Only a SHA-256 hash is stored: the value itself is a bearer secret while it lives.
CREATE TABLE shopee_oauth_state (
    state_hash  TEXT PRIMARY KEY,
    started_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    -- what the callback brought: shop authorised, or the reason it failed
    shop_id     BIGINT,
    outcome     TEXT
);
