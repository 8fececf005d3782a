package tw.einvoice.hub.seller;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tw.einvoice.hub.rules.SellerRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sellers the hub knows. Configuration seeds the database; reads come from a cache refreshed
 * whenever the table changes through this class, because validation asks on every record.
 */
@Service
@DependsOn("flywayInitializer")
public class SellerDirectory implements SellerRegistry {

    private static final Logger log = LoggerFactory.getLogger(SellerDirectory.class);

    private final JdbcClient jdbc;
    private final SellerProperties properties;
    private final Map<String, Seller> cache = new ConcurrentHashMap<>();

    SellerDirectory(JdbcClient jdbc, SellerProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
        seedFromConfiguration();
    }

    @Transactional
    void seedFromConfiguration() {
        for (SellerProperties.SellerConfig s : properties.sellers()) {
            jdbc.sql("""
                    INSERT INTO seller (id, name, address, qr_aes_key, default_branch) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET name = excluded.name, address = excluded.address,
                        qr_aes_key = excluded.qr_aes_key, default_branch = excluded.default_branch, updated_at = now()
                    """).params(s.id(), s.name(), s.address(), s.qrAesKey(), s.defaultBranch()).update();
            for (SellerProperties.BranchConfig b : s.branches()) {
                jdbc.sql("""
                        INSERT INTO branch (seller_id, id, name, ban, low_stock_threshold) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (seller_id, id) DO UPDATE SET name = excluded.name, ban = excluded.ban,
                            low_stock_threshold = excluded.low_stock_threshold
                        """).params(s.id(), b.id(), b.name(), b.ban(), b.lowStockThreshold()).update();
            }
        }
        refresh();
        log.info("Sellers known: {}", cache.keySet());
    }

    public void refresh() {
        Map<String, List<Seller.Branch>> branches = new ConcurrentHashMap<>();
        jdbc.sql("SELECT seller_id, id, name FROM branch ORDER BY seller_id, id").query((rs, n) -> {
            branches.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Seller.Branch(rs.getString(2), rs.getString(3)));
            return null;
        }).list();
        List<Seller> sellers = jdbc.sql("SELECT id, name, address, qr_aes_key, default_branch FROM seller").query((rs, n) ->
                new Seller(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        List.copyOf(branches.getOrDefault(rs.getString(1), List.of())))).list();
        cache.clear();
        sellers.forEach(s -> cache.put(s.id(), s));
    }

    public Optional<Seller> find(String sellerId) {
        return sellerId == null ? Optional.empty() : Optional.ofNullable(cache.get(sellerId));
    }

    public List<Seller> all() {
        return List.copyOf(cache.values());
    }

    @Override
    public boolean isKnownSeller(String sellerId) {
        return find(sellerId).isPresent();
    }

    @Override
    public boolean isKnownBranch(String sellerId, String branchId) {
        return find(sellerId).map(s -> s.hasBranch(branchId)).orElse(false);
    }

    @Override
    public boolean hasAddress(String sellerId) {
        return find(sellerId).map(s -> s.address() != null && !s.address().isBlank()).orElse(false);
    }
}
