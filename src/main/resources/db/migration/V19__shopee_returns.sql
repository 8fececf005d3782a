-- A refund's allowance lines as get_return_detail gave them when the refund was paid (item name, quantity, the
-- gross refunded for it), kept so the allowance made later, once the invoice is confirmed, needs no second call
-- and cannot change with the return. NULL: one line for the whole refund_amount.
ALTER TABLE shopee_adjustment ADD COLUMN lines JSONB;
