package tw.einvoice.hub.callback.internal;

import org.springframework.stereotype.Component;
import tw.einvoice.hub.callback.Callback;
import tw.einvoice.hub.callback.CallbackSink;
import tw.einvoice.hub.callback.SinkSettings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code type: file}: appends one JSON line per outcome to {@code path}. The lock keeps lines whole when several
 * hub processes share the file; a crash between the append and the outbox update repeats a line, which readers
 * drop by its {@code idempotencyKey}.
 */
@Component
class FileSink implements CallbackSink {

    @Override
    public String type() {
        return "file";
    }

    @Override
    public void deliver(Callback callback, SinkSettings settings) throws IOException {
        Path file = Path.of(settings.require("path"));
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        byte[] line = (callback.payload().toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             var lock = ch.lock()) {
            ch.write(ByteBuffer.wrap(line));
            ch.force(false);
        }
    }
}
