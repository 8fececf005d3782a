package tw.einvoice.hub.crash;

import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The source's end of the result callbacks: a webhook (real HTTP, a port of its own) that takes every delivery whose
 * signature is right and counts deliveries by {@code Idempotency-Key}, as a receiver that drops repeats would see them.
 * It outlives every restart of the hub.
 */
public final class CallbackReceiver implements AutoCloseable {

    static final String PATH = "/results";

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final byte[] secret;
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final AtomicInteger badSignatures = new AtomicInteger();

    public CallbackReceiver(String secret) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext(PATH, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            boolean genuine = signed(body, exchange.getRequestHeaders().getFirst("X-Hub-Signature"));
            if (genuine && key != null) {
                deliveries.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            } else {
                badSignatures.incrementAndGet();
            }
            exchange.sendResponseHeaders(genuine && key != null ? 200 : 401, -1);
            exchange.close();
        });
        server.setExecutor(workers);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Deliveries taken so far, by idempotency key. */
    public Map<String, Integer> deliveries() {
        Map<String, Integer> copy = new java.util.HashMap<>();
        deliveries.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public int badSignatures() {
        return badSignatures.get();
    }

    private boolean signed(byte[] body, String signature) {
        if (signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] expected = mac.doFinal(body);
            return MessageDigest.isEqual(expected, HexFormat.of().parseHex(signature.substring(7)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
