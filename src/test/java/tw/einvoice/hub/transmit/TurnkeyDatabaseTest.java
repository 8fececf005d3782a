package tw.einvoice.hub.transmit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Turnkey's database is named in warnings by its URL, so no password written into a URL may reach the log. */
class TurnkeyDatabaseTest {

    @Test
    void aPasswordParameterIsMasked() {
        assertThat(TurnkeyDatabase.withoutSecrets("jdbc:postgresql://tk:5432/turnkey?user=tk&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://tk:5432/turnkey?user=tk&password=****&ssl=true");
    }

    @Test
    void sqlServersSemicolonPropertiesAreMasked() {
        assertThat(TurnkeyDatabase.withoutSecrets("jdbc:sqlserver://tk:1433;databaseName=turnkey;Password=s3cret;encrypt=true"))
                .isEqualTo("jdbc:sqlserver://tk:1433;databaseName=turnkey;Password=****;encrypt=true");
    }

    @Test
    void credentialsBeforeTheHostAreMasked() {
        assertThat(TurnkeyDatabase.withoutSecrets("jdbc:mysql://tk:s3cret@tk-host:3306/turnkey"))
                .isEqualTo("jdbc:mysql://****@tk-host:3306/turnkey");
    }

    @Test
    void oraclesUserSlashPasswordIsMasked() {
        assertThat(TurnkeyDatabase.withoutSecrets("jdbc:oracle:thin:turnkey/s3cret@//tk-host:1521/TURNKEY"))
                .isEqualTo("jdbc:oracle:thin:****@//tk-host:1521/TURNKEY");
    }

    @Test
    void aUrlWithoutSecretsIsKept() {
        assertThat(TurnkeyDatabase.withoutSecrets("jdbc:h2:tcp://tk-host:9092/turnkey;AUTO_SERVER=TRUE"))
                .isEqualTo("jdbc:h2:tcp://tk-host:9092/turnkey;AUTO_SERVER=TRUE");
    }
}
