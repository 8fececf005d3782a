/**
 * The crash run: the packaged hub as its own process on a data folder of its own, fed invoices through the REST API
 * while it is killed with {@code kill -9} in each stage of the walk and started again, then held to what a crash must
 * never do: lose, duplicate or renumber an invoice, write a message twice, drop a callback or a rejected record.
 * {@code bench crash} runs it long and prints its table; {@code CrashRecoveryIT} runs it short in CI. It talks to the
 * hub only from outside (HTTP, its database over JDBC, its folders), like an operator would.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package tw.einvoice.hub.crash;
