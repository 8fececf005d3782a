package tw.einvoice.hub.notify;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Every8d's and Mitake's request shapes and answers against a local HTTP server playing the gateway. */
class SmsGatewayTest {

    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void every8dGetsUidPwdSbMsgDestStAndItsCsvAnswerIsParsed() throws Exception {
        start("/API21/HTTP/SendSMS.ashx", "79.0,1,1.0,0,6a8c3a2e-7f0b-4a4e-9e1b-1c2d3e4f5a6b");
        SmsGateway gateway = new SmsGateway(new SmsProperties("every8d", url("/API21/HTTP/SendSMS.ashx"), "uid1", "pw1"));
        SmsGateway.Answer answer = gateway.send("0912345678", "發票 ZZ00000001 已開立", "hub-1");
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).containsExactly(Map.entry("UID", "uid1"), Map.entry("PWD", "pw1"), Map.entry("SB", ""),
                Map.entry("MSG", "發票 ZZ00000001 已開立"), Map.entry("DEST", "0912345678"), Map.entry("ST", ""));
        assertThat(answer).isEqualTo(new SmsGateway.Answer(true, false, "every8d 79.0,1,1.0,0,6a8c3a2e-7f0b-4a4e-9e1b-1c2d3e4f5a6b"));
    }

    @Test
    void mitakeGetsUsernamePasswordDstaddrSmbodyClientidAndARefusalIsFinal() throws Exception {
        start("/api/mtk/SmSend", "[1]\r\nstatuscode=k\r\nError=invalid number\r\n");
        SmsGateway gateway = new SmsGateway(new SmsProperties("mitake", url("/api/mtk/SmSend?CharsetURL=UTF-8"), "u", "p"));
        SmsGateway.Answer answer = gateway.send("0912345678", "測試", "hub-7");
        assertThat(requests.get(0)).containsExactly(Map.entry("username", "u"), Map.entry("password", "p"),
                Map.entry("dstaddr", "0912345678"), Map.entry("smbody", "測試"), Map.entry("clientid", "hub-7"));
        assertThat(answer.accepted()).isFalse();
        assertThat(answer.retry()).isFalse();
        assertThat(answer.text()).startsWith("mitake statuscode=k");
        assertThat(SmsGateway.every8d("-3,0,0,1,")).isEqualTo(new SmsGateway.Answer(false, true, "every8d -3,0,0,1,"));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void start(String path, String answer) throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, exchange -> {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            requests.add(form);
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }
}
