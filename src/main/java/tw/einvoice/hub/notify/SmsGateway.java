package tw.einvoice.hub.notify;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends one SMS through Mitake or Every8d (request shapes of shopee.md §7) with the JDK client: a form post, and
 * an answer that says whether the gateway took the message.
 */
final class SmsGateway {

    /** The gateway's answer: accepted or not, and what it said (kept in the notification log). */
    record Answer(boolean accepted, boolean retry, String text) {
    }

    private final SmsProperties settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    SmsGateway(SmsProperties settings) {
        this.settings = settings;
    }

    Answer send(String phone, String text, String clientId) throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        if (settings.provider().equals("mitake")) {
            form.put("username", settings.username());
            form.put("password", settings.password());
            form.put("dstaddr", phone);
            form.put("smbody", text);
            // clientid makes Mitake drop a repeat of a message it already took
            form.put("clientid", clientId);
        } else {
            form.put("UID", settings.username());
            form.put("PWD", settings.password());
            form.put("SB", "");
            form.put("MSG", text);
            form.put("DEST", phone);
            form.put("ST", "");
        }
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(settings.url()))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() >= 500 || response.statusCode() == 429) {
            return new Answer(false, true, "HTTP " + response.statusCode());
        }
        if (response.statusCode() != 200) {
            return new Answer(false, false, "HTTP " + response.statusCode() + " " + response.body().strip());
        }
        return settings.provider().equals("mitake") ? mitake(response.body()) : every8d(response.body());
    }

    /** {@code [1]\nmsgid=…\nstatuscode=1\nAccountPoint=…}: 0..4 taken; 5 (content), a/b/c/d/e/f/h/k/m/n/p/r/s/t/u/v/w/x/y/z refused. */
    static Answer mitake(String body) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : body.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        String status = values.getOrDefault("statuscode", "?");
        String text = "mitake statuscode=" + status + " msgid=" + values.getOrDefault("msgid", "") + " AccountPoint=" + values.getOrDefault("AccountPoint", "");
        boolean accepted = status.length() == 1 && "01234".contains(status);
        // '*' system error, 'e' and 'p' temporary per Mitake's table: worth another try; the others are final
        boolean retry = !accepted && (status.equals("*") || status.equals("e") || status.equals("p"));
        return new Answer(accepted, retry, text);
    }

    /** {@code CREDIT,SENDED,COST,UNSEND,BATCH_ID}; a negative CREDIT is an error code. */
    static Answer every8d(String body) {
        String[] parts = body.strip().split(",");
        String text = "every8d " + body.strip();
        if (parts.length < 5) {
            return new Answer(false, true, text);
        }
        try {
            double credit = Double.parseDouble(parts[0].strip());
            int sent = Integer.parseInt(parts[1].strip());
            return new Answer(credit >= 0 && sent > 0, credit < 0 && credit > -100, text);
        } catch (NumberFormatException e) {
            return new Answer(false, true, text);
        }
    }
}
