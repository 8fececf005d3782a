package tw.einvoice.hub.connector;

import org.apache.camel.spi.IdempotentRepository;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Camel idempotent repository on {@code drop_file_claim}: {@link #add} is the claim, atomic through the
 * primary key, so of several hub nodes watching one folder exactly one takes each file. camel-sql's
 * JdbcMessageIdRepository would do the same but is not on the classpath; this is the dozen lines we need.
 */
public class DropFileClaims implements IdempotentRepository {

    private final JdbcClient jdbc;
    private final String processor;

    public DropFileClaims(JdbcClient jdbc, String processor) {
        this.jdbc = jdbc;
        this.processor = processor;
    }

    @Override
    public boolean add(String key) {
        return jdbc.sql("INSERT INTO drop_file_claim (processor, file_key) VALUES (?, ?) ON CONFLICT DO NOTHING")
                .params(processor, key).update() == 1;
    }

    @Override
    public boolean contains(String key) {
        return jdbc.sql("SELECT count(*) FROM drop_file_claim WHERE processor = ? AND file_key = ?")
                .params(processor, key).query(Long.class).single() > 0;
    }

    /** Camel calls this when processing failed, so that the file may be tried again. */
    @Override
    public boolean remove(String key) {
        return jdbc.sql("DELETE FROM drop_file_claim WHERE processor = ? AND file_key = ?").params(processor, key).update() == 1;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        jdbc.sql("DELETE FROM drop_file_claim WHERE processor = ?").param(processor).update();
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }
}
