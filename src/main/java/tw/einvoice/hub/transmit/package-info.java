/**
 * The hand-over to Turnkey and its answers: rendered messages to UpCast ({@link tw.einvoice.hub.transmit.TurnkeyGateway},
 * local or SFTP), verdicts read from Turnkey's own database on any database Turnkey supports, Turnkey's signing
 * failures raised to finance ({@link tw.einvoice.hub.transmit.TurnkeySigningFailed}), and the platform's daily
 * SummaryResult checked against the ledger. Settings: {@code hub.turnkey.*} ({@link tw.einvoice.hub.transmit.TransmitProperties}).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"invoice", "mig", "rules", "runtime", "seller"})
package tw.einvoice.hub.transmit;
