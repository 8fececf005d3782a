package tw.einvoice.hub.print;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Network printers and their queue ({@code hub.print.printers}, {@code hub.print.profiles}, {@code hub.print.queue}).
 *
 * @param printers printers the hub may print to, by name
 * @param profiles printer profiles added to (or replacing) the built-in ones: 58mm, 80mm, epson-tm-t20, epson-tm-t88,
 *                 xprinter-58, xprinter-80, sunmi-58, sunmi-80
 * @param queue    how often the queue is polled and how an offline printer is retried
 */
@ConfigurationProperties("hub.print")
public record PrintQueueProperties(List<Printer> printers, Map<String, PrinterProfile> profiles, Queue queue) {

    public PrintQueueProperties {
        printers = printers == null ? List.of() : List.copyOf(printers);
        Map<String, PrinterProfile> all = new HashMap<>(PrinterProfile.builtIn());
        if (profiles != null) {
            all.putAll(profiles);
        }
        profiles = Map.copyOf(all);
        queue = queue == null ? new Queue(null, null, null, null) : queue;
        for (Printer p : printers) {
            if (!profiles.containsKey(p.profile())) {
                throw new IllegalArgumentException("hub.print.printers[" + p.name() + "].profile: no profile " + p.profile()
                        + " (known: " + profiles.keySet().stream().sorted().toList() + ")");
            }
        }
        if (printers.stream().map(Printer::name).distinct().count() != printers.size()) {
            throw new IllegalArgumentException("hub.print.printers: two printers share a name");
        }
    }

    /**
     * @param name     what a print request names
     * @param host     address of the printer's raw port
     * @param port     9100 by default (JetDirect / raw TCP)
     * @param profile  a profile name; 80mm by default
     * @param sellerId seller whose invoices it may print; empty: any seller
     * @param branchId branch whose invoices it may print; empty: any branch of the seller
     */
    public record Printer(String name, String host, Integer port, String profile, String sellerId, String branchId) {
        public Printer {
            if (name == null || name.isBlank() || host == null || host.isBlank()) {
                throw new IllegalArgumentException("hub.print.printers[]: every printer needs a name and a host");
            }
            port = port == null ? 9100 : port;
            profile = profile == null || profile.isBlank() ? "80mm" : profile;
        }

        boolean serves(String seller, String branch) {
            return (sellerId == null || sellerId.isBlank() || sellerId.equals(seller))
                    && (branchId == null || branchId.isBlank() || branchId.equals(branch));
        }
    }

    /**
     * @param pollMillis     how often due jobs are looked for
     * @param firstRetry     wait after the first failed connection; doubled for each further one
     * @param maxRetry       the longest wait between attempts
     * @param connectTimeout how long a connection to a printer may take before it counts as offline
     */
    public record Queue(Long pollMillis, Duration firstRetry, Duration maxRetry, Duration connectTimeout) {
        public Queue {
            pollMillis = Objects.requireNonNullElse(pollMillis, 1000L);
            firstRetry = Objects.requireNonNullElse(firstRetry, Duration.ofSeconds(5));
            maxRetry = Objects.requireNonNullElse(maxRetry, Duration.ofMinutes(5));
            connectTimeout = Objects.requireNonNullElse(connectTimeout, Duration.ofSeconds(3));
        }
    }

    Printer printer(String name) {
        return printers.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }
}
