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
        com.fasterxml.jackson.databind.JsonMappingException mapping = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof tw.einvoice.hub.web.internal.RequestSizeLimit.TooLarge tooLarge) {
                return problem(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", tooLarge.getMessage());
            }
            if (t instanceof com.fasterxml.jackson.core.exc.StreamReadException) {
                // truncated or malformed: where the parser stopped is no field's fault
                return problem(HttpStatus.BAD_REQUEST, "unreadable-body", "the request body is not valid JSON");
            }
            if (mapping == null && t instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
                mapping = m;
            }
        }
        // the field by its JSON path, never the Java type Jackson names in its own message
        if (mapping != null) {
            return problem(HttpStatus.BAD_REQUEST, "unreadable-body",
                    "the request body is JSON, but " + path(mapping) + " has the wrong type or form");
        }
        return problem(HttpStatus.BAD_REQUEST, "unreadable-body", "the request body is not valid JSON");
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    /**
     * A multipart body Tomcat cannot take apart (truncated, no boundary, a file name with a NUL) is the caller's
     * mistake, not a defect (500).
     */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ProblemDetail badMultipart(org.springframework.web.multipart.MultipartException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.tomcat.util.http.fileupload.InvalidFileNameException) {
                return problem(HttpStatus.BAD_REQUEST, "bad-multipart",
                        "a file name in the upload holds a NUL character, which no file name may hold");
            }
        }
        return problem(HttpStatus.BAD_REQUEST, "bad-multipart", "the multipart/form-data body cannot be read: send one part "
                + "named file, with a boundary, complete");
    }

    /** Spring's multipart limit (HUB_UPLOAD_MAX_SIZE) stays a 413, not the 400 of an unreadable multipart body. */
    @ExceptionHandler(org.springframework.web.multipart.MaxUploadSizeExceededException.class)
    ProblemDetail uploadTooLarge(org.springframework.web.multipart.MaxUploadSizeExceededException e) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "the upload is larger than the limit (HUB_UPLOAD_MAX_SIZE)");
    }

    @ExceptionHandler(org.springframework.web.multipart.support.MissingServletRequestPartException.class)
    ProblemDetail missingPart(org.springframework.web.multipart.support.MissingServletRequestPartException e) {
        return problem(HttpStatus.BAD_REQUEST, "missing-part", "the form has no part named " + e.getRequestPartName());
    }

    /** A path or query parameter that is not of its type (an id that is no number or UUID): named, not a bare 400. */
    @ExceptionHandler(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(org.springframework.web.method.annotation.MethodArgumentTypeMismatchException e) {
        return problem(HttpStatus.BAD_REQUEST, "bad-parameter", e.getName() + ": not a valid "
                + (e.getRequiredType() == null ? "value" : e.getRequiredType().getSimpleName().toLowerCase(java.util.Locale.ROOT))
                + ": " + tw.einvoice.hub.rules.InvoiceText.shown(String.valueOf(e.getValue())));
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
