package tw.einvoice.hub.shopee;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The vectors of docs/shopee.md §1.3 and §4 (inputs from QuoVadis86/shopee-sdk sign_test.go). */
class ShopeeSignerTest {

    private final ShopeeSigner signer = new ShopeeSigner("test-key");

    @Test
    void shopApiSignMatchesTheKnownVector() {
        assertThat(signer.shopSign(12345, "/api/v2/order/get_order_list", 1700000000L, "test-token", 67890))
                .isEqualTo("2b74df9df7d617053deaef47468fcb5f5957d5f5bd67ef7a603aec153eb5d4f7");
        assertThat(signer.shopSign(12345, "/api/v2/product/get_item_list", 1700000000L, "test-token", 67890))
                .isEqualTo("b0cacab70bf8e06fdd12c20c0777a65b1e948ff907bc4e5afe8cc670633071b2");
    }

    @Test
    void publicApiSignsCoverOnlyPartnerPathAndTimestamp() {
        assertThat(signer.publicSign(12345, "/api/v2/auth/token/get", 1700000000L))
                .isEqualTo("a49081f60f4eb4a275a9ceef83ebc9ba929e3a3999b671f5c6a59dcfda9ae51f");
        assertThat(signer.publicSign(12345, "/api/v2/auth/access_token/get", 1700000000L))
                .isEqualTo("23c7a6dd285941b32bb98d6a0af2de9aff10938bfcfd0f1cbe6cc76ee2339522");
    }

    @Test
    void pushAuthorizationIsTheHmacOfCallbackUrlPipeRawBody() {
        byte[] body = ("{\"data\":{\"items\":[],\"ordersn\":\"220810QSK8S7BX\",\"status\":\"PROCESSED\",\"completed_scenario\":\"\","
                + "\"update_time\":1660123127},\"shop_id\":727720655,\"code\":3,\"timestamp\":1660123127}").getBytes(StandardCharsets.UTF_8);
        String url = "https://hub.example.com/shopee/push";
        String good = "850840418b670e438ec292519260ccc811e4cdf95b7cf9f92d616e7e0c748497";

        assertThat(signer.pushAuthentic(url, body, good)).isTrue();
        assertThat(signer.pushAuthentic(url, body, good.replace('8', '9'))).isFalse();
        assertThat(signer.pushAuthentic("http://internal:8080/shopee/push", body, good)).isFalse();
        assertThat(signer.pushAuthentic(url, body, null)).isFalse();
    }

    @Test
    void partnerKeyNeverAppearsInToString() {
        assertThat(signer.toString()).doesNotContain("test-key");
    }
}
