package tw.einvoice.hub.console;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Why a console request gets no page: the status says it, the error page shows it. */
final class ConsoleRefusal {

    private ConsoleRefusal() {
    }

    @ResponseStatus(HttpStatus.FORBIDDEN)
    static class Forbidden extends RuntimeException {
        Forbidden(String message) {
            super(message);
        }
    }

    /** Also what another branch's or seller's invoice answers: its existence is not told. */
    @ResponseStatus(HttpStatus.NOT_FOUND)
    static class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
