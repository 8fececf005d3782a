-- Every message the hub emits is sealed: the SHA-256 of its exact bytes and, with the seller's certificate, a
-- detached CMS signature over them (archive verify re-checks both). Messages made before this have no seal.
ALTER TABLE invoice_message ADD COLUMN archive_sha256 char(64);
ALTER TABLE invoice_message ADD COLUMN archive_signature bytea;
ALTER TABLE invoice_message ADD COLUMN archive_signer text;
-- Turnkey's identifiers are not all <MSG><number><date>: E0401 is <BranchBan>-<Track><BeginNo>-<EndNo>
COMMENT ON COLUMN invoice_message.identifier IS 'INVOICE_IDENTIFIER exactly as Turnkey writes it for this message';
