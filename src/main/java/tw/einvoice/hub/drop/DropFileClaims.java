package tw.einvoice.hub.drop;

import org.apache.camel.spi.IdempotentRepository;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Camel idempotent repository on {@code drop_file_claim}: {@link #add} is the claim, one atomic
 * {@code INSERT … ON CONFLICT DO NOTHING}, so of several hub nodes watching one folder exactly one takes each file.
 * camel-sql's JdbcMessageIdRepository (not otherwise needed here) counts and then inserts: two nodes claiming the same
 * file at the same moment would have one fail its poll with a duplicate key instead of simply losing the claim.
 */
class DropFileClaims implements IdempotentRepository {

    private final JdbcClient jdbc;
    private final String processor;

    DropFileClaims(JdbcClient jdbc, String processor) {
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
