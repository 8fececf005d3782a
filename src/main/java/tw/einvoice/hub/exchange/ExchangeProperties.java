package tw.einvoice.hub.exchange;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code hub.exchange.*}.
 *
 * @param partners       buyer BANs that receive our invoices through the exchange (A0101) rather than from storage
 * @param upcastDir      Turnkey's UpCast folder (local) the answers and A0101s are written into
 * @param downcastDir    Turnkey's DownCast folder (local) where inbound exchange messages arrive,
 *                       {@code B2BEXCHANGE/<MSG>/SRC/}
 * @param autoConfirm    confirm a received invoice without a person when every check passes
 * @param answerDeadline how long a buyer has to answer our A0101 before finance is alerted; the rules give no
 *                       figure, so it is a setting
 * @param pollInterval   how often DownCast is read
 * @param checkInterval  how often unanswered invoices are looked for
 * @param callbackConnector the connector whose result sink ({@code hub.callback.<connector>.*}) hears of purchase
 *                       invoices stored and answered; unset: none
 */
@ConfigurationProperties("hub.exchange")
public record ExchangeProperties(List<String> partners, Path upcastDir, Path downcastDir, boolean autoConfirm,
                                 Duration answerDeadline, Duration pollInterval, Duration checkInterval,
                                 String callbackConnector) {

    public ExchangeProperties {
        partners = partners == null ? List.of() : partners.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        answerDeadline = answerDeadline == null ? Duration.ofDays(7) : answerDeadline;
        pollInterval = pollInterval == null ? Duration.ofSeconds(5) : pollInterval;
        checkInterval = checkInterval == null ? Duration.ofMinutes(10) : checkInterval;
        callbackConnector = callbackConnector == null || callbackConnector.isBlank() ? null : callbackConnector.strip();
    }
}
