-- Members of a seller and their member carriers (會員載具). The identity is the member as the source knows it
-- (erp member number, shopee buyer, email); the carrier id and its hidden code are derived from it with a secret,
-- stored so that they never change for a member, even when the secret is rotated.
CREATE TABLE member (
    id            bigserial    PRIMARY KEY,
    seller_id     varchar(8)   NOT NULL,
    source        varchar(16)  NOT NULL,
    identity      varchar(200) NOT NULL,
    carrier_type  varchar(6)   NOT NULL,
    carrier_id    varchar(64)  NOT NULL,
    hidden_code   varchar(64)  NOT NULL,
    email         varchar(400),
    phone         varchar(26),
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT member_identity_unique UNIQUE (seller_id, source, identity),
    CONSTRAINT member_carrier_unique UNIQUE (seller_id, carrier_type, carrier_id)
);

-- The consumer query site finds invoices by carrier and by order number (a source reference of any connector).
CREATE INDEX invoice_carrier_idx ON invoice (seller_id, (document -> 'carrier' ->> 'type'), (document -> 'carrier' ->> 'id'))
    WHERE document -> 'carrier' ->> 'id' IS NOT NULL;
CREATE INDEX invoice_source_ref_idx ON invoice (source_ref);
