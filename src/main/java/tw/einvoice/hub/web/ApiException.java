package tw.einvoice.hub.web;

import org.springframework.http.HttpStatus;

/** An API refusal with an HTTP status, a stable type slug and a sentence for people. */
class ApiException extends RuntimeException {

    final HttpStatus status;
    final String type;

    ApiException(HttpStatus status, String type, String message) {
        super(message);
        this.status = status;
        this.type = type;
    }
}
