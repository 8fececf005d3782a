package tw.einvoice.hub.notify;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tw.einvoice.hub.runtime.OutageBoard;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the mail server ({@code hub.notify.smtp.*}) answers, for everything that mails: consumer notices, the finance
 * digest, {@link Mailer}. A server that cannot be reached is one outage ({@code smtp} on the {@link OutageBoard}: one
 * finance alert, shown in health) however many messages wait; while it lasts only one message at a time tries the
 * server, the waits doubling from {@code hub.notify.outage-backoff-initial} to {@code hub.notify.outage-backoff-max},
 * and the first one that goes through ends the outage and lets the backlog out.
 */
@Component
class MailServer {

    static final String PART = "smtp";

    private final OutageBoard board;
    private final Clock clock;
    private final Duration initial;
    private final Duration max;
    private Duration wait;
    private Instant nextTry = Instant.MIN;

    MailServer(OutageBoard board, Clock clock,
               @Value("${hub.notify.outage-backoff-initial:PT5S}") Duration initial,
               @Value("${hub.notify.outage-backoff-max:PT5M}") Duration max) {
        this.board = board;
        this.clock = clock;
        this.initial = initial;
        this.max = max;
        this.wait = initial;
    }

    /** True unless the server is down and its next try is not due yet. */
    synchronized boolean mayTry() {
        return !board.isDown(PART) || !clock.instant().isBefore(nextTry);
    }

    /** A message went out: an outage, if there was one, is over. */
    synchronized void worked() {
        wait = initial;
        board.up(PART);
    }

    /**
     * Notes a failed send; true when it was the server being unreachable (the caller keeps its message for after the
     * outage, without counting it as an attempt of that message), false when the message itself was the trouble.
     */
    synchronized boolean failed(Throwable failure) {
        if (!unreachable(failure)) {
            return false;
        }
        board.down(PART, failure.getClass().getSimpleName() + ": " + failure.getMessage());
        nextTry = clock.instant().plus(wait);
        wait = wait.multipliedBy(2).compareTo(max) > 0 ? max : wait.multipliedBy(2);
        return true;
    }

    /** Connection refused, reset or timed out, or no such host: nothing about the message, everything about the server. */
    static boolean unreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof SocketException || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException) {
                return true;
            }
            // jakarta.mail chains its causes through getNextException; getCause answers the same, but only once set
            if (t instanceof jakarta.mail.MessagingException m && m.getNextException() != null && m.getNextException() != t.getCause()) {
                if (unreachable(m.getNextException())) {
                    return true;
                }
            }
        }
        return false;
    }
}
