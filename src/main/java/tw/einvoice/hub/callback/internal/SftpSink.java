package tw.einvoice.hub.callback.internal;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.util.URISupport;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.callback.Callback;
import tw.einvoice.hub.callback.CallbackSink;
import tw.einvoice.hub.callback.SinkSettings;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code type: sftp}: one file per outcome ({@link ResultFiles#name}, the webhook's JSON) in {@code directory} on an
 * SFTP server, through Camel's sftp producer: written as {@code .part-<name>} and renamed, a repeat overwrites.
 * Params: {@code host}, {@code port} (22), {@code username}, {@code password} or {@code private-key-file}
 * (+ {@code private-key-passphrase}), {@code directory} (relative to the user's home), {@code strict-host-key-checking}
 * ({@code yes}), {@code known-hosts-file}, {@code timeout} (connect, {@code PT10S}).
 */
@Component
class SftpSink implements CallbackSink {

    private final CamelContext camel;
    private final ProducerTemplate producer;

    SftpSink(CamelContext camel, ProducerTemplate producer) {
        this.camel = camel;
        this.producer = producer;
    }

    @Override
    public String type() {
        return "sftp";
    }

    @Override
    public void deliver(Callback callback, SinkSettings settings) throws Exception {
        SftpEndpoint endpoint = endpoint(settings);
        Exchange done = producer.send(endpoint, exchange -> {
            exchange.getIn().setHeader(Exchange.FILE_NAME, ResultFiles.name(callback));
            exchange.getIn().setBody(ResultFiles.content(callback));
        });
        if (done.getException() != null) {
            throw done.getException();
        }
    }

    /**
     * The context keeps one endpoint (and its open connection) per URI. Secrets are set on the endpoint rather
     * than written into the URI: Camel's log masking cuts a {@code RAW(…)} value at its first ')' and would show
     * the rest of such a password; this way no URI holds one at all.
     */
    SftpEndpoint endpoint(SinkSettings s) throws Exception {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("username", s.require("username"));
        put(query, "privateKeyFile", s.get("private-key-file", null));
        query.put("strictHostKeyChecking", s.get("strict-host-key-checking", "yes"));
        put(query, "knownHostsFile", s.get("known-hosts-file", null));
        query.put("useUserKnownHostsFile", false);
        query.put("binary", true);
        query.put("tempPrefix", ResultFiles.TEMP_PREFIX);
        query.put("fileExist", "Override");
        query.put("connectTimeout", Duration.parse(s.get("timeout", "PT10S")).toMillis());
        // the outbox retries with backoff; the producer's own reconnect loop would only hold up the other outcomes
        query.put("maximumReconnectAttempts", 0);
        String uri = "sftp://" + s.require("host") + ":" + s.get("port", "22") + "/" + s.require("directory")
                + "?" + URISupport.createQueryString(query);
        SftpEndpoint endpoint = camel.getEndpoint(uri, SftpEndpoint.class);
        endpoint.getConfiguration().setPassword(s.get("password", null));
        endpoint.getConfiguration().setPrivateKeyPassphrase(s.get("private-key-passphrase", null));
        return endpoint;
    }

    private static void put(Map<String, Object> query, String key, String value) {
        if (value != null) {
            query.put(key, value);
        }
    }
}
