package tw.einvoice.hub.digitize;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads waiting vouchers one after another (OCR takes a core for a second or two; two at once would only slow the
 * hub's other work), and takes files from the watched folder when one is set. Whatever was RECEIVED when the hub
 * stopped is read after the restart: the database, not the route, holds the queue.
 */
@Component
class VoucherRoutes extends RouteBuilder {

    static final String INBOX_CHANNEL = "inbox";

    private final Vouchers vouchers;
    private final VoucherProperties settings;

    VoucherRoutes(Vouchers vouchers, VoucherProperties settings) {
        this.vouchers = vouchers;
        this.settings = settings;
    }

    @Override
    public void configure() {
        from("timer:voucher-reading?delay=" + settings.pollMillis() + "&period=" + settings.pollMillis())
                .routeId("voucher-reading")
                .process(e -> e.getMessage().setBody(vouchers.waiting(20))).id("waiting-vouchers")
                .split(body())
                    .process(e -> vouchers.read(e.getMessage().getBody(Long.class))).id("read-voucher")
                .end();

        if (settings.inbox() != null && !settings.inbox().isBlank()) {
            if (settings.inboxSeller() == null || !settings.inboxSeller().matches("\\d{8}")) {
                throw new IllegalStateException("hub.vouchers.inbox-seller (HUB_VOUCHERS_INBOX_SELLER) must be our 8-digit BAN "
                        + "when hub.vouchers.inbox is set: the folder's vouchers need an owner");
            }
            String folder = Path.of(settings.inbox()).toAbsolutePath().toString();
            // processed/ and failed/ are inside the inbox, so one mount holds the whole folder
            from("file:" + folder + "?readLock=changed&readLockMinAge=1000&move=processed/${file:name}"
                    + "&moveFailed=failed/${file:name}&exclude=^\\..*")
                    .routeId("voucher-inbox")
                    .process(e -> {
                        byte[] bytes = e.getMessage().getBody(byte[].class);
                        String name = e.getMessage().getHeader("CamelFileName", String.class);
                        try {
                            vouchers.receive(settings.inboxSeller(), name, bytes, "inbox:" + folder, INBOX_CHANNEL);
                        } catch (Vouchers.Refused refused) {
                            // whoever dropped the file looks in the folder, not in the hub's log
                            writeReason(Path.of(folder, "failed"), name, refused.reason() + ": " + refused.getMessage());
                            throw refused;
                        }
                    }).id("receive-voucher-file");
        }
    }

    /** {@code failed/<name>.reason.txt}, written before Camel moves the file beside it. */
    static void writeReason(Path failed, String fileName, String reason) throws IOException {
        Files.createDirectories(failed);
        Files.writeString(failed.resolve(fileName + ".reason.txt"), reason + System.lineSeparator(), StandardCharsets.UTF_8);
    }
}
