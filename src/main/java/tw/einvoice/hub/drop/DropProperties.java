package tw.einvoice.hub.drop;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** {@code hub.drop.*}: limits and batching for file drops and Excel batches. */
@ConfigurationProperties("hub.drop")
record DropProperties(@DefaultValue("50MB") DataSize maxFileSize,
                                  @DefaultValue("100000") long maxRows,
                                  @DefaultValue("200") int chunkSize) {
}
