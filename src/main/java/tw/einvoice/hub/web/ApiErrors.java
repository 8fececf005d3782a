package tw.einvoice.hub.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tw.einvoice.hub.intake.RejectedRecords;
import tw.einvoice.hub.runtime.Outages;

import java.net.URI;

/** Every API error as an RFC 9457 problem document. */
@RestControllerAdvice
class ApiErrors {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ApiErrors.class);
    /** What a 503 tells a client to wait before the same request. */
    static final long RETRY_AFTER_SECONDS = 5;

    @ExceptionHandler(ApiException.class)
    ProblemDetail api(ApiException e) {
        return problem(e.status, e.type, e.getMessage());
    }

    @ExceptionHandler(RejectedRecords.RecordNotFound.class)
    ProblemDetail notFound(RejectedRecords.RecordNotFound e) {
        return problem(HttpStatus.NOT_FOUND, "rejected-record-not-found", e.getMessage());
    }

    @ExceptionHandler(RejectedRecords.RecordNotOpen.class)
    ProblemDetail notOpen(RejectedRecords.RecordNotOpen e) {
        return problem(HttpStatus.CONFLICT, "rejected-record-not-open", e.getMessage());
    }

    @ExceptionHandler(tw.einvoice.hub.exchange.Exchange.Refused.class)
    ProblemDetail exchangeRefused(tw.einvoice.hub.exchange.Exchange.Refused e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "exchange-refused", e.getMessage());
    }

    @ExceptionHandler(tw.einvoice.hub.issue.Adjustments.Refused.class)
    ProblemDetail refused(tw.einvoice.hub.issue.Adjustments.Refused e) {
        return problem(HttpStatus.CONFLICT, "not-allowed", e.getMessage());
    }

    @ExceptionHandler(tw.einvoice.hub.print.Proofs.Refused.class)
    ProblemDetail proofRefused(tw.einvoice.hub.print.Proofs.Refused e) {
        return problem(HttpStatus.CONFLICT, e.code(), e.getMessage());
    }

    @ExceptionHandler(tw.einvoice.hub.print.PrintQueue.UnknownPrinter.class)
    ProblemDetail unknownPrinter(tw.einvoice.hub.print.PrintQueue.UnknownPrinter e) {
        return problem(HttpStatus.BAD_REQUEST, "unknown-printer", e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return problem(HttpStatus.BAD_REQUEST, "unreadable-body", "the request body is not valid JSON");
    }

    /**
     * Only an outage of the database or the broker may say "retry": nothing was stored, and intake is idempotent.
     * Bad input never gets here (intake keeps it as a rejected record and answers 422); anything else that does is a
     * defect, and a retry loop on it would never end.
     */
    @ExceptionHandler(org.apache.camel.CamelExecutionException.class)
    org.springframework.http.ResponseEntity<ProblemDetail> intakeFailed(org.apache.camel.CamelExecutionException e) {
        if (Outages.isOutage(e)) {
            return unavailable(e);
        }
        log.error("DEFECT: intake failed", e);
        return org.springframework.http.ResponseEntity.internalServerError().body(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "intake-failed", "intake failed inside the hub (" + rootMessage(e) + "); this is a defect and has been logged"));
    }

    /** The database or the broker away outside intake's route (a query, a lookup): the same answer, retry later. */
    @ExceptionHandler({org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.transaction.CannotCreateTransactionException.class,
            org.springframework.dao.TransientDataAccessException.class})
    org.springframework.http.ResponseEntity<ProblemDetail> unavailable(Exception e) {
        log.warn("Intake unavailable: {}", rootMessage(e));
        // a restarted database or broker is usually back within seconds; clients are told when to try again
        return org.springframework.http.ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(org.springframework.http.HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "intake-unavailable", "intake could not complete ("
                        + rootMessage(e) + "); retry the same request, repeats are recognised"));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("urn:einvoice-hub:problem:" + type));
        return p;
    }
}
