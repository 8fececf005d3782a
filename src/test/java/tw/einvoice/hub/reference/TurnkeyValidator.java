package tw.einvoice.hub.reference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real Turnkey 3.2 validator ({@code ../shared/reference/turnkey-validator/validate.sh}) on files: parse,
 * official XSD ({@code 7013}), then Turnkey's program rules ({@code 7001}), exactly what Turnkey's UpCast does to a
 * file in SRC. One JVM per call (5–15 s), so callers pass every file of one message type at once.
 */
public final class TurnkeyValidator {

    private static final Pattern OK = Pattern.compile("OK id=(\\S*) from=(\\S*) to=(\\S*)");
    private static final Pattern FAIL = Pattern.compile("FAIL (\\w+)(?: \\[(\\w+)\\])? ?(.*)");

    private TurnkeyValidator() {
    }

    /** Turnkey's verdict on one file: OK with the identifier it files the message under, or FAIL with stage and code. */
    public record Verdict(String file, boolean ok, String identifier, String from, String to, String stage, String code,
                          String message) {
        @Override
        public String toString() {
            return ok ? file + ": OK id=" + identifier : file + ": FAIL " + stage + " [" + code + "] " + message;
        }
    }

    /** Verdicts by file name (in the order given) for files of one message type, e.g. {@code F0401}. */
    public static Map<String, Verdict> validate(String messageType, List<Path> files) {
        if (files.isEmpty()) {
            return Map.of();
        }
        Path script = Reference.folder("turnkey-validator").resolve("validate.sh");
        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "v41", messageType));
        files.forEach(f -> command.add(f.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        // the classpath cache goes into the build folder, never into a shared temporary folder
        builder.environment().put("TKY_CP_CACHE", Path.of("target", "tky-validate-cp.txt").toAbsolutePath().toString());
        try {
            Path err = Files.createTempFile(Path.of("target"), "tky-validate", ".err");
            builder.redirectError(err.toFile());
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("Turnkey's validator did not finish in 5 minutes");
            }
            int exit = process.exitValue();
            Map<String, Verdict> verdicts = parse(out);
            if (exit > 1 || verdicts.size() != files.size()) {
                throw new IllegalStateException("Turnkey's validator exited " + exit + " with " + verdicts.size()
                        + " verdicts for " + files.size() + " files:\n" + out + "\n" + Files.readString(err));
            }
            Files.deleteIfExists(err);
            return verdicts;
        } catch (IOException e) {
            throw new IllegalStateException("Turnkey's validator could not be run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Verdicts for files of several message types (one validator per type, two at a time), by file name. */
    public static Map<String, Verdict> validateAll(Map<String, List<Path>> filesByType) {
        Map<String, Verdict> all = new LinkedHashMap<>();
        var types = new ArrayList<>(filesByType.keySet());
        if (types.isEmpty()) {
            return all;
        }
        // the first run alone: validate.sh writes its classpath cache on first use, and two writers would race
        all.putAll(validate(types.get(0), filesByType.get(types.get(0))));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Map<String, Verdict>>> runs = new ArrayList<>();
            types.subList(1, types.size()).forEach(type -> runs.add(pool.submit(() -> validate(type, filesByType.get(type)))));
            for (Future<Map<String, Verdict>> run : runs) {
                all.putAll(run.get());
            }
            return all;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One verdict for one file. */
    public static Verdict validate(String messageType, Path file) {
        return validate(messageType, List.of(file)).values().iterator().next();
    }

    static Map<String, Verdict> parse(String out) {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (String line : out.split("\\R")) {
            int colon = line.indexOf(": ");
            if (colon < 0 || !(line.startsWith("OK", colon + 2) || line.startsWith("FAIL", colon + 2))) {
                continue;
            }
            String file = line.substring(0, colon);
            String rest = line.substring(colon + 2).strip();
            Matcher ok = OK.matcher(rest);
            Matcher fail = FAIL.matcher(rest);
            if (ok.matches()) {
                verdicts.put(file, new Verdict(file, true, ok.group(1), ok.group(2), ok.group(3), null, null, null));
            } else if (fail.matches()) {
                verdicts.put(file, new Verdict(file, false, null, null, null, fail.group(1), fail.group(2),
                        fail.group(3).strip()));
            }
        }
        return verdicts;
    }
}
