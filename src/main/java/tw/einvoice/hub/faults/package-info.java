/**
 * The fault run: outages of the parts the hub stands on, made real under the running hub while invoices flow through
 * its REST API (Turnkey's UpCast folder replaced by a file, Turnkey's database refusing connections, the hub's
 * PostgreSQL and its Artemis broker stopped and started again in place), each held to the outage promise: intake
 * accepts or answers 503 with Retry-After, finance hears once, the hub recovers by itself, every invoice ends
 * CONFIRMED exactly once with gapless numbers, and health names the part while it is away. {@code bench faults}
 * runs it long and prints its table; {@code InfrastructureOutagesTest} runs it short in CI.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"runtime", "transmit"})
package tw.einvoice.hub.faults;
