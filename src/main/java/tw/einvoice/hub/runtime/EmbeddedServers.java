package tw.einvoice.hub.runtime;

/**
 * The embedded default's own servers, stopped and started again in place under the running hub: how a fault run
 * ({@code bench faults}) restarts the hub's PostgreSQL or its Artemis broker while invoices flow. An external server
 * (HUB_DB_URL, HUB_ARTEMIS_URL) is not the hub's to stop: {@link #canRestartDatabase()} and
 * {@link #canRestartBroker()} say false then.
 */
public interface EmbeddedServers {

    boolean canRestartDatabase();

    /** Stops the embedded PostgreSQL (fast shutdown: connections are cut, open transactions rolled back). */
    void stopDatabase();

    /** Starts it again on the same port with the same data. */
    void startDatabase();

    boolean canRestartBroker();

    /** Stops the embedded Artemis broker; its journal stays. */
    void stopBroker();

    /** Starts it again from its journal. */
    void startBroker();
}
