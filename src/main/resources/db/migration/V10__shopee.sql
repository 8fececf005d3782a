-- Shopee (TW) shops: the OAuth token pair and the polling watermarks, one row per authorised shop.
-- Shopee's refresh token is single-use, so a refresh locks this row (SELECT … FOR UPDATE) while it calls
-- Shopee and replaces both tokens in the same transaction: two nodes never spend one refresh token.
CREATE TABLE shopee_shop (
    shop_id            BIGINT PRIMARY KEY,
    access_token       TEXT,
    refresh_token      TEXT,
    expires_at         TIMESTAMPTZ,
    invoice_by_shopee  BOOLEAN     NOT NULL DEFAULT false,
    -- orders: get_order_list update_time watermark (Unix seconds), advanced only after intake stored the window
    order_cursor       BIGINT,
    -- returns: get_return_list update_time watermark (Unix seconds)
    return_cursor      BIGINT,
    token_refreshed_at TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Cancellations and refunds seen at Shopee, applied to the hub's invoice once it is confirmed (until then PENDING).
CREATE TABLE shopee_adjustment (
    id          BIGSERIAL PRIMARY KEY,
    shop_id     BIGINT      NOT NULL,
    order_sn    TEXT        NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('CANCEL', 'REFUND')),
    -- order_sn for a cancellation, return_sn for a refund: each is applied once
    ref         TEXT        NOT NULL,
    amount      NUMERIC(14, 2),
    state       TEXT        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DONE', 'FAILED')),
    detail      TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (kind, ref)
);
CREATE INDEX shopee_adjustment_pending ON shopee_adjustment (shop_id) WHERE state = 'PENDING';
