package tw.einvoice.hub.transmit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Turnkey's signing failures (ERRORCODE -007, its certificate for a seller missing or expired) reach finance once
 * each, naming the seller; read from the embedded PostgreSQL Turnkey database made with Turnkey's own DDL.
 */
class TurnkeySigningFailuresTest extends TurnkeyHubTest {

    private static final String UNKNOWN_SELLER = "87654321";

    @Autowired
    TurnkeySigningFailures signingFailures;
    @Autowired
    TurnkeyDatabase turnkeyDatabase;
    @Autowired
    JdbcClient hub;

    TurnkeyWriter turnkey;

    @BeforeEach
    void tables() {
        TurnkeyDdl.createIfMissing(turnkeyDatabase.dataSource(), "postgresql");
        turnkey = new TurnkeyWriter(turnkeyDatabase.dataSource());
    }

    @Test
    void eachSigningFailureBecomesOneFinanceAlertNamingTheSellerAndIsRaisedOnlyOnce() {
        OffsetDateTime now = OffsetDateTime.now(ZoneId.of("Asia/Taipei")).withNano(0);
        signingFailures.poll(); // the first poll ever starts the watermark a lookback (7 days) ago
        long before = alerts().size();
        turnkey.event(null, DEMO_SELLER, "-007", now.minusDays(8), "older than the first look back");
        turnkey.event(null, DEMO_SELLER, "-007", now.minusMinutes(2), "簽章失敗", "憑證已過期");
        turnkey.event("QC10001A", DEMO_SELLER, "-008", now.minusMinutes(1), "7001");
        turnkey.event(null, UNKNOWN_SELLER, "-007", now.minusMinutes(1), "找不到簽章憑證");

        assertThat(signingFailures.poll()).isEqualTo(2);
        assertThat(signingFailures.poll()).as("each failure is raised once").isZero();

        List<String[]> raised = alerts().subList((int) before, alerts().size());
        assertThat(raised).hasSize(2);
        assertThat(raised.get(0)[0]).isEqualTo(DEMO_SELLER);
        assertThat(raised.get(0)[1]).isEqualTo("-007");
        assertThat(raised.get(0)[2]).contains(DEMO_SELLER + " 範例商行")
                .contains(now.minusMinutes(2).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .contains("簽章失敗 憑證已過期");
        assertThat(raised.get(1)[0]).isEqualTo(UNKNOWN_SELLER);
        assertThat(raised.get(1)[2]).contains("seller " + UNKNOWN_SELLER + " at").contains("找不到簽章憑證");

        turnkey.event(null, DEMO_SELLER, "-007", now.plusSeconds(1), "簽章失敗");
        assertThat(signingFailures.poll()).as("a later failure is raised too").isEqualTo(1);
    }

    /** seller, code, message of every Turnkey signing alert, oldest first. */
    private List<String[]> alerts() {
        return hub.sql("SELECT seller_id, code, message FROM finance_alert WHERE kind = 'TURNKEY_SIGNING' ORDER BY id")
                .query((rs, n) -> new String[]{rs.getString(1), rs.getString(2), rs.getString(3)}).list();
    }
}
