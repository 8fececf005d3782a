-- When the transmit stage began handing a message to Turnkey, committed before its file is written into UpCast. A
-- message still RENDERED with this set was being handed over when the hub stopped: its file may already be in SRC, or
-- taken by Turnkey, so it is looked for before being written again (Turnkey would upload a second copy). NULL for
-- messages handed over before this column existed and for those not yet begun.
ALTER TABLE invoice_message ADD COLUMN handover_started_at timestamptz;
