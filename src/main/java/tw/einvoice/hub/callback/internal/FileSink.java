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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * {@code type: file}, one of two modes:
 * <ul>
 * <li>{@code directory}: one file per outcome, named by {@link ResultFiles#name}, written under a temporary name and
 * renamed in, so a repeated delivery replaces the file and a reader never sees half of one;</li>
 * <li>{@code path}: appends one JSON line per outcome. The lock keeps lines whole when several hub processes share
 * the file; a crash between the append and the outbox update repeats a line, which readers drop by its
 * {@code idempotencyKey}.</li>
 * </ul>
 */
@Component
class FileSink implements CallbackSink {

    @Override
    public String type() {
        return "file";
    }

    @Override
    public void deliver(Callback callback, SinkSettings settings) throws IOException {
        String directory = settings.get("directory", null);
        String path = settings.get("path", null);
        if (directory != null && path != null) {
            // both would leave the reader guessing which one is complete
            throw new IllegalStateException("hub.callback." + settings.connector() + ": set directory or path, not both");
        }
        if (directory != null) {
            writeFile(Path.of(directory), callback);
        } else {
            appendLine(Path.of(settings.require("path")), callback);
        }
    }

    private static void writeFile(Path folder, Callback callback) throws IOException {
        Files.createDirectories(folder);
        String name = ResultFiles.name(callback);
        Path temp = folder.resolve(ResultFiles.TEMP_PREFIX + name);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(ResultFiles.content(callback)));
            ch.force(false); // on disk before the outbox calls it delivered
        }
        Files.move(temp, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void appendLine(Path file, Callback callback) throws IOException {
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
