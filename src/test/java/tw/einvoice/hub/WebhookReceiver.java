package tw.einvoice.hub;

import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP endpoint standing in for a source's webhook: answers 503 to the next {@link #failNext} requests,
 * then 200; keeps every request with whether its signature verified against the shared secret. Under {@code /late}
 * it is a sink that is slow once per event: the first request with an idempotency key is answered 200 only after
 * {@link #LATE_BY}, a repeat of that key at once.
 */
public final class WebhookReceiver implements AutoCloseable {

    public record Request(String idempotencyKey, String signature, boolean signatureValid, String body, int answered,
                          String path) {
    }

    public static final Duration LATE_BY = Duration.ofSeconds(3);

    private final HttpServer server;
    private final String secret;
    private final AtomicInteger failuresLeft = new AtomicInteger();
    // while not 0, every request is answered with this status (a sink that is down)
    private volatile int failingWith;
    private final List<Request> requests = new ArrayList<>();

    public WebhookReceiver(int port, String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/results", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("X-Hub-Signature");
            int down = failingWith;
            int status = down != 0 ? down : failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 200;
            synchronized (requests) {
                requests.add(new Request(exchange.getRequestHeaders().getFirst("Idempotency-Key"), signature,
                        ("sha256=" + hmac(body)).equals(signature), new String(body, StandardCharsets.UTF_8), status,
                        "/results"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.createContext("/late", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String signature = exchange.getRequestHeaders().getFirst("X-Hub-Signature");
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            boolean first;
            synchronized (requests) {
                first = requests.stream().noneMatch(r -> "/late".equals(r.path()) && java.util.Objects.equals(r.idempotencyKey(), key));
                requests.add(new Request(key, signature, ("sha256=" + hmac(body)).equals(signature),
                        new String(body, StandardCharsets.UTF_8), 200, "/late"));
            }
            if (first) {
                try {
                    Thread.sleep(LATE_BY.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException callerGaveUp) {
                // the hub stopped waiting: exactly the case this path stands for
            }
            exchange.close();
        });
        // a late answer must not hold up the requests behind it
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers every request with {@code status} (e.g. 500) until {@code failAll(0)}. */
    public void failAll(int status) {
        failingWith = status;
    }

    public void failNext(int n) {
        failuresLeft.set(n);
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Requests answered 2xx, i.e. what the receiver actually took, in arrival order. */
    public List<Request> accepted() {
        return requests().stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    private String hmac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
