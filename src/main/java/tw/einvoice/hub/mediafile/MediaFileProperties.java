package tw.einvoice.hub.mediafile;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code hub.media-file.*}.
 *
 * @param taxRegistrationNumbers each seller's tax registration number (稅籍編號, 9 digits), the hub has no other
 *                               source for it: {@code BAN=number} pairs separated by commas, e.g.
 *                               {@code 04595257=123456789,12345676=987654321}
 * @param b2cTaxInclusive        a consumer's sale is written with tax included and tax 0 (default true, like its F0401);
 *                               which the 401 wants is unconfirmed
 */
@ConfigurationProperties("hub.media-file")
public record MediaFileProperties(String taxRegistrationNumbers, Boolean b2cTaxInclusive) {

    public MediaFileProperties {
        b2cTaxInclusive = b2cTaxInclusive == null || b2cTaxInclusive;
    }

    /** The environment variable the CLI reads the same pairs from. */
    public static final String ENVIRONMENT = "HUB_MEDIA_FILE_TAX_REGISTRATION_NUMBERS";
    /** The environment variable the CLI reads {@code b2cTaxInclusive} from. */
    public static final String B2C_TAX_INCLUSIVE_ENVIRONMENT = "HUB_MEDIA_FILE_B2C_TAX_INCLUSIVE";

    /** The settings of one seller's file. */
    public MediaFiles.Settings settings(String sellerId) {
        return new MediaFiles.Settings(parse(taxRegistrationNumbers).get(sellerId), b2cTaxInclusive);
    }

    /** {@code BAN=number,…} → map; blank → empty. A pair without {@code =} is refused, naming it. */
    public static Map<String, String> parse(String pairs) {
        Map<String, String> numbers = new LinkedHashMap<>();
        if (pairs == null || pairs.isBlank()) {
            return numbers;
        }
        for (String pair : pairs.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("hub.media-file.tax-registration-numbers: '" + pair.strip()
                        + "' is not BAN=number");
            }
            numbers.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return numbers;
    }
}
