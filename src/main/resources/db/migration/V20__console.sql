-- What people did in the console, and their logins: who, when, what, before and after. Changes to an invoice
-- are also in invoice_history (the services write it); this trail holds what has no history of its own.
CREATE TABLE console_audit (
    id           bigserial    PRIMARY KEY,
    actor        varchar(128) NOT NULL,          -- user:<name>
    action       varchar(48)  NOT NULL,          -- LOGIN, LOGIN_FAILED, LOGIN_LOCKED, PASSWORD_CHANGED, ISSUE, VOID, ...
    target       varchar(128),                   -- invoice number or id, user name, ...
    before       jsonb,
    after        jsonb,
    remote_addr  varchar(64),
    at           timestamptz  NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX console_audit_at_idx ON console_audit (at);
CREATE INDEX console_audit_actor_idx ON console_audit (actor, at);
CREATE TRIGGER console_audit_append_only BEFORE UPDATE OR DELETE ON console_audit
    FOR EACH ROW EXECUTE FUNCTION forbid_change();

-- Roles: ADMIN (HQ), FINANCE (reads all, handles failures), BRANCH (its branch_ids), INTEGRATOR (connectors, keys).
COMMENT ON COLUMN app_user.role IS 'ADMIN, FINANCE, BRANCH or INTEGRATOR';
