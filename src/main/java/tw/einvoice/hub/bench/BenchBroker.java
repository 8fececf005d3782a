package tw.einvoice.hub.bench;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * An Artemis broker in a JVM of its own, for {@code bench --nodes N}: the hub nodes share it over TCP as they would share
 * a production broker. Started from the hub's jar ({@code java -cp einvoice-hub.jar -Dloader.main=…BenchBroker
 * org.springframework.boot.loader.launch.PropertiesLauncher <journal folder> <port>}); it carries the same dead-letter
 * settings the hub gives its embedded broker (docs/transmit.md asks them of an external one), persists to the
 * journal folder, and stops on SIGTERM.
 */
public final class BenchBroker {

    /** Printed once the acceptor listens: the starter waits for the port, this line is for the log. */
    public static final String READY = "bench broker listening on port ";

    private BenchBroker() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BenchBroker <journal folder> <port>");
            System.exit(2);
        }
        // no Spring here to read logging settings: without this logback's default prints every audit line at DEBUG
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration(dir, port));
        broker.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
            } catch (Exception e) {
                System.err.println("bench broker: stop failed: " + e);
            }
            stopped.countDown();
        }, "bench-broker-stop"));
        System.out.println(READY + port);
        System.out.flush();
        stopped.await();
    }

    static Configuration configuration(Path dir, int port) throws Exception {
        SimpleString deadLetters = SimpleString.of("hub.DLQ");
        Configuration c = new ConfigurationImpl()
                .setName("bench-broker")
                .setPersistenceEnabled(true)
                // NIO: the native AIO library is not on every machine, and the journal's speed is not what is measured
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setSecurityEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        // the hub's defaults (hub.errors.*), as BrokerConfiguration sets them on the embedded broker
        c.addAddressSetting("hub.#", new AddressSettings().setDeadLetterAddress(deadLetters).setMaxDeliveryAttempts(10)
                .setRedeliveryDelay(1000).setRedeliveryMultiplier(2).setMaxRedeliveryDelay(30_000)
                .setAutoCreateQueues(true).setAutoCreateAddresses(true));
        c.addAddressSetting("hub.DLQ", new AddressSettings().setMaxDeliveryAttempts(-1));
        c.addQueueConfiguration(QueueConfiguration.of(deadLetters).setAddress(deadLetters).setRoutingType(RoutingType.ANYCAST));
        return c;
    }
}
