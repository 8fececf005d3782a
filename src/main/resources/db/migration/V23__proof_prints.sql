-- Every proof the hub printed or reprinted: the count marks a reprint 補印 (domain.md §5) and answers who printed when.
CREATE TABLE proof_print (
    id          BIGSERIAL PRIMARY KEY,
    invoice_id  UUID        NOT NULL REFERENCES invoice (id),
    reprint     BOOLEAN     NOT NULL,
    actor       TEXT        NOT NULL,
    printed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX proof_print_invoice ON proof_print (invoice_id);
