package tw.einvoice.hub.intake;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Source-to-canonical mappings written in JSONata, one {@code <name>.jsonata} file per source shape.
 * <p>
 * Files are looked up in a folder first (default {@code ./mappings}, so operators can edit them beside the
 * jar) and then on the classpath under {@code mappings/} (so the packaged jar works from any directory).
 * Each mapping is read and checked once and cached; a changed file is picked up on the next start.
 * <p>
 * Evaluation uses {@code com.dashjoin:jsonata}, the engine behind camel-jsonata, so a mapping behaves the
 * same here, in {@code hub mapping test} and in a route. Plain Java on purpose: the CLI uses it without Spring.
 */
public final class Mappings {

    public static final Path DEFAULT_FOLDER = Path.of("mappings");
    static final String CLASSPATH_FOLDER = "mappings/";
    static final String SUFFIX = ".jsonata";

    /* Names may come from configuration or headers; refusing separators keeps lookups inside the folder. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final Path folder;
    private final ConcurrentMap<String, Compiled> cache = new ConcurrentHashMap<>();

    public Mappings() {
        this(DEFAULT_FOLDER);
    }

    public Mappings(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /**
     * Runs the named mapping on {@code input}.
     *
     * @return the mapping's result; {@code NullNode} when the expression yields nothing
     * @throws IllegalArgumentException when no such mapping exists
     * @throws MappingException when it does not compile or fails at run time
     */
    public JsonNode apply(String mappingName, JsonNode input) {
        return cache.computeIfAbsent(mappingName, this::load).evaluate(input);
    }

    /** Runs one .jsonata file, uncached: for {@code hub mapping test} and tests of a mapping being written. */
    public static JsonNode applyFile(Path jsonataFile, JsonNode input) {
        String source;
        try {
            source = Files.readString(jsonataFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping " + jsonataFile + ": " + e.getMessage(), e);
        }
        return Compiled.of(jsonataFile.toString(), source).evaluate(input);
    }

    private Compiled load(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid mapping name '" + name + "': letters, digits, '.', '_' and '-' only");
        }
        Path file = folder.resolve(name + SUFFIX);
        if (Files.isRegularFile(file)) {
            try {
                return Compiled.of(name, Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read mapping " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }
        String resource = CLASSPATH_FOLDER + name + SUFFIX;
        ClassLoader loader = Mappings.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in != null) {
                return Compiled.of(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping classpath:" + resource + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unknown mapping '" + name + "': looked for " + file.toAbsolutePath()
                + " and classpath:" + resource);
    }

    /**
     * A mapping whose source parsed. Each evaluation parses it afresh: a dashjoin {@code Jsonata} object evaluated
     * again and again keeps state from earlier runs and slows down with every call (measured: 20 ms → 2 s per
     * 400-row chunk after 225 calls on one instance), and it is not meant to be shared between threads; a parse
     * costs about a millisecond.
     */
    private record Compiled(String name, String source) {

        static Compiled of(String name, String source) {
            try {
                Jsonata.jsonata(source);
                return new Compiled(name, source);
            } catch (JException e) {
                throw fail(name, source, e);
            }
        }

        JsonNode evaluate(JsonNode input) {
            Object result;
            try {
                result = Jsonata.jsonata(source).evaluate(toJava(input));
            } catch (JException e) {
                throw fail(name, source, e);
            } catch (RuntimeException e) {
                // The engine also fails with plain runtime exceptions (e.g. a Java type it cannot coerce).
                throw new MappingException(name, null, -1, null, String.valueOf(e), e);
            }
            return toNode(name, result);
        }

        private static MappingException fail(String name, String source, JException e) {
            return new MappingException(name, source, e.getLocation(), e.getError(), e.getMessage(), e);
        }
    }

    /* Jackson trees become the Maps and Lists the engine walks; numbers keep their Java type so an exact
       decimal (read as BigDecimal) passes through an untouched field unchanged. */
    static Object toJava(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                map.put(field.getKey(), toJava(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(element -> list.add(toJava(element)));
            return list;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    static JsonNode toNode(String mapping, Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, field) -> object.set(String.valueOf(key), toNode(mapping, field)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            list.forEach(element -> array.add(toNode(mapping, element)));
            return array;
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        if (value instanceof BigInteger integer) {
            return NODES.numberNode(integer);
        }
        if (value instanceof Double || value instanceof Float) {
            return doubleNode(mapping, ((Number) value).doubleValue());
        }
        if (value instanceof Number number) {
            return NODES.numberNode(number.longValue());
        }
        throw new MappingException(mapping, null, -1, null,
                "result contains a " + value.getClass().getSimpleName() + ", which is not JSON (a function?)", null);
    }

    /* JSONata computes in doubles. Whole values are written as integers (amounts are whole NTD), the rest via
       the shortest decimal that reads back as the same double, so 0.05 stays 0.05 and not 0.05000000000000000277. */
    private static JsonNode doubleNode(String mapping, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new MappingException(mapping, null, -1, null, "result contains the number " + d + ", which is not JSON", null);
        }
        if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return NODES.numberNode((long) d);
        }
        return NODES.numberNode(new BigDecimal(Double.toString(d)));
    }
}
