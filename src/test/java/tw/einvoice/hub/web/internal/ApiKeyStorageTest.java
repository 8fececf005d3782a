package tw.einvoice.hub.web.internal;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tw.einvoice.hub.HubIntegrationTest;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the api_key table keeps of a key: its non-secret id and its hash, nothing more of the key itself. */
class ApiKeyStorageTest extends HubIntegrationTest {

    @Autowired
    ApiKeys apiKeys;
    @Autowired
    JdbcClient jdbc;

    private List<Map<String, Object>> rowsOf(String sellerId, String name) {
        return jdbc.sql("SELECT * FROM api_key WHERE seller_id = ? AND name = ?").params(sellerId, name).query().listOfRows();
    }

    @Test
    void aKeyOfTheHubsShapeKeepsEhkAndSixCharactersAsItsIdAndNoMoreOfItself() {
        String name = "storage-" + UUID.randomUUID();
        String key = apiKeys.create(OTHER_SELLER, name);

        assertThat(key).matches("ehk_[A-Za-z0-9]{40}");
        assertThat(rowsOf(OTHER_SELLER, name)).singleElement().satisfies(row -> {
            assertThat(row.get("prefix")).isEqualTo(key.substring(0, 10));
            assertThat(row.get("key_hash")).isEqualTo(ApiKeys.hash(key));
            // no column holds a seventh character after ehk_, however the key is cut
            for (int i = 4; i + 7 <= key.length(); i++) {
                String piece = key.substring(i, i + 7);
                assertThat(row.values()).as("a column holding %s", piece).noneMatch(v -> String.valueOf(v).contains(piece));
            }
        });
        assertThat(apiKeys.authenticate(key)).map(ApiKeys.KeyOwner::sellerId).contains(OTHER_SELLER);
    }

    @Test
    void aKeyOfAnotherShapeKeepsAnIdMadeFromItsHash() {
        String name = "storage-" + UUID.randomUUID();
        String key = "operator-chosen-" + UUID.randomUUID();

        assertThat(apiKeys.register(key, OTHER_SELLER, name)).isTrue();

        assertThat(rowsOf(OTHER_SELLER, name)).singleElement().satisfies(row -> {
            assertThat(row.get("prefix")).isEqualTo("key_" + ApiKeys.hash(key).substring(0, 6));
            assertThat(row.values()).noneMatch(v -> String.valueOf(v).contains(key.substring(0, 7)));
        });
        assertThat(apiKeys.authenticate(key)).map(ApiKeys.KeyOwner::name).contains(name);
    }

    @Test
    void keysSharingAnIdAreToldApartByTheirHashAndAWrongSecretUnderAKnownIdIsRefused() {
        String id = "ehk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        String first = id + "A".repeat(36);
        String second = id + "B".repeat(36);
        String firstName = "first-" + UUID.randomUUID();
        String secondName = "second-" + UUID.randomUUID();
        apiKeys.register(first, OTHER_SELLER, firstName);
        apiKeys.register(second, DEMO_SELLER, secondName);

        assertThat(apiKeys.authenticate(first)).map(ApiKeys.KeyOwner::name).contains(firstName);
        assertThat(apiKeys.authenticate(second)).map(ApiKeys.KeyOwner::name).contains(secondName);
        assertThat(apiKeys.authenticate(id + "C".repeat(36))).isEmpty();
        assertThat(api.bearer(id + "C".repeat(36)).get("/api/v1/invoices?connector=test&sourceRef=none").status())
                .isEqualTo(401);
    }
}
