package tw.einvoice.hub.platform;

import tw.einvoice.hub.mig.MigMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turnkey's UpCast folders: {@code <CHANNEL>/<MSG>/SRC} is read recursively, any file name, oldest modification
 * first (Turnkey does not wait for a write to finish: writers rename finished files in); a file done with moves to
 * {@code BAK/<yyyyMMdd>/<HH>/} or, refused, {@code ERR/<yyyyMMdd>/<HH>/}, as {@code .001}, {@code .002}… on a name
 * clash.
 */
final class UpCastFolders {

    static final String SOURCE = "SRC";
    static final String BACKUP = "BAK";
    static final String ERROR = "ERR";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH");

    private final Path root;

    UpCastFolders(Path root) {
        this.root = root;
    }

    /** A file waiting in a message type's SRC. */
    record Waiting(MigMessage type, Path file, FileTime modified) {
    }

    /** A file in SRC whose rows Turnkey has written, to be moved into {@code folder} (BAK or ERR) under {@code filedAt}. */
    record Filing(String source, MigMessage type, String folder, LocalDateTime filedAt) {
    }

    /** The file's path below the UpCast root, as the simulator's notes keep it. */
    String relative(Path file) {
        return root.relativize(file).toString();
    }

    Path resolve(String relative) {
        return root.resolve(relative);
    }

    /** Turnkey makes {@code <CHANNEL>/<MSG>/{SRC,BAK,ERR}} for every message it handles when it is installed. */
    void create() {
        for (MigMessage type : MigMessage.values()) {
            for (String folder : List.of(SOURCE, BACKUP, ERROR)) {
                try {
                    Files.createDirectories(folder(type, folder));
                } catch (IOException e) {
                    throw new UncheckedIOException("UpCast folder could not be made under " + root, e);
                }
            }
        }
    }

    /** Every file in every SRC, oldest modification first. */
    List<Waiting> waiting() {
        List<Waiting> files = new ArrayList<>();
        for (MigMessage type : MigMessage.values()) {
            Path src = folder(type, SOURCE);
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(src)) {
                walk.filter(Files::isRegularFile).forEach(f -> {
                    try {
                        files.add(new Waiting(type, f, Files.getLastModifiedTime(f)));
                    } catch (IOException e) {
                        // gone between listing and looking: someone else took it
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // a file moved away while walking; the next scan sees the folder as it is then
            }
        }
        files.sort(Comparator.comparing(Waiting::modified).thenComparing(Waiting::file));
        return files;
    }

    /** Moves a done file into {@code BAK} or {@code ERR} under the day and hour; returns where it went. */
    Path move(Waiting file, String folder, LocalDateTime at) throws IOException {
        Path target = folder(file.type(), folder).resolve(at.format(DAY)).resolve(at.format(HOUR));
        Files.createDirectories(target);
        String name = file.file().getFileName().toString();
        Path destination = target.resolve(name);
        for (int clash = 1; ; clash++) {
            try {
                return Files.move(file.file(), destination);
            } catch (FileAlreadyExistsException e) {
                if (clash > 999) {
                    throw e;
                }
                destination = target.resolve(name + String.format(".%03d", clash));
            }
        }
    }

    Path folder(MigMessage type, String folder) {
        return root.resolve(type.channel()).resolve(type.name()).resolve(folder);
    }
}
