/**
 * The Turnkey + MOF platform simulator for the embedded default and the tests: Turnkey's UpCast checks (official
 * schema, Turnkey's program rules) and bookkeeping in Turnkey's own tables, and the platform's answers. It checks the
 * hub's files with its own code, never the hub's validator or reader.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"mig", "numbering", "transmit"})
package tw.einvoice.hub.platform;
