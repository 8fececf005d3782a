package tw.einvoice.hub.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.HtmlUtils;
import tw.einvoice.hub.shopee.ShopeeAuthorization;
import tw.einvoice.hub.web.internal.Principals;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Shopee shop's authorisation: an HQ admin starts it here and is sent on to Shopee; the seller approves there;
 * Shopee sends the browser back to the callback, which stores the shop's tokens. Browsers get a redirect and a
 * short page; API callers (Accept: application/json) get JSON.
 */
@RestController
@Tag(name = "shopee", description = "Shopee shop authorisation (OAuth) and push")
class ShopeeAuthorizationApi {

    static final String AUTHORIZE = "/api/v1/shopee/authorize";
    static final String CALLBACK = "/api/v1/shopee/oauth/callback";

    private final ShopeeAuthorization authorization;
    private final Principals principals;

    ShopeeAuthorizationApi(ShopeeAuthorization authorization, Principals principals) {
        this.authorization = authorization;
        this.principals = principals;
    }

    @GetMapping(AUTHORIZE)
    @Operation(summary = "Start a shop's authorisation (HQ admins): 302 to Shopee, or the link as JSON")
    ResponseEntity<?> authorize(Authentication auth, @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        HubPrincipal p = principals.of(auth);
        if (!"ADMIN".equals(p.role()) || p.kind() != HubPrincipal.Kind.USER || !p.allSellers()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "hq-admin-only", "only HQ admins authorise Shopee shops");
        }
        String fallback = ServletUriComponentsBuilder.fromCurrentContextPath().path(CALLBACK).toUriString();
        ShopeeAuthorization.Started started = authorization.start(fallback, p.actor());
        if (wantsJson(accept)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("authorizeUrl", started.link().toString());
            body.put("linkValidSeconds", 300); // Shopee's timestamp: the link must be opened within 5 minutes
            body.put("callbackValidUntil", started.expiresAt().toString());
            return ResponseEntity.ok(body);
        }
        return ResponseEntity.status(HttpStatus.FOUND).location(started.link()).build();
    }

    /** Shopee appends {@code code} and {@code shop_id} (or {@code main_account_id}) to the redirect it was given. */
    @GetMapping({CALLBACK, CALLBACK + "/{state}"})
    @Operation(summary = "Shopee's redirect after the seller approved: exchanges the code and stores the shop's tokens")
    ResponseEntity<?> callback(@PathVariable(required = false) String state, @RequestParam(required = false) String code,
                               @RequestParam(name = "shop_id", required = false) String shopId,
                               @RequestParam(name = "main_account_id", required = false) String mainAccountId,
                               @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        ShopeeAuthorization.Authorised done = authorization.complete(state, code, shopId, mainAccountId);
        String message = "Shopee shop " + done.shopId() + " authorised; access token valid until " + done.tokenValidUntil()
                + " (refreshed automatically)" + (done.polled() ? ""
                : ". The shop is not configured (hub.shopee.shops." + done.shopId() + ".seller-id): it is not polled until it is");
        if (wantsHtml(accept)) {
            return html(HttpStatus.OK, "Shopee shop authorised", message);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shopId", done.shopId());
        body.put("authorised", true);
        body.put("tokenValidUntil", done.tokenValidUntil().toString());
        body.put("polled", done.polled());
        body.put("message", message);
        return ResponseEntity.ok(body);
    }

    @ExceptionHandler(ShopeeAuthorization.Refused.class)
    ResponseEntity<?> refused(ShopeeAuthorization.Refused e, HttpServletRequest request) {
        HttpStatus status = switch (e.reason()) {
            case NOT_CONFIGURED -> HttpStatus.SERVICE_UNAVAILABLE;
            case STATE_UNKNOWN, STATE_USED, STATE_EXPIRED -> HttpStatus.FORBIDDEN;
            case NOT_APPROVED, MAIN_ACCOUNT, CODE_REJECTED -> HttpStatus.BAD_REQUEST;
            case SHOPEE_UNAVAILABLE -> HttpStatus.BAD_GATEWAY;
        };
        if (wantsHtml(request.getHeader(HttpHeaders.ACCEPT))) {
            return html(status, "Shopee shop not authorised", e.getMessage());
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create("urn:einvoice-hub:problem:shopee-authorisation-refused"));
        problem.setProperty("reason", e.reason().name());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static boolean wantsJson(String accept) {
        return accept != null && accept.contains("json");
    }

    private static boolean wantsHtml(String accept) {
        return accept != null && accept.contains("text/html");
    }

    private static ResponseEntity<String> html(HttpStatus status, String title, String message) {
        String page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + HtmlUtils.htmlEscape(title)
                + "</title></head><body><h1>" + HtmlUtils.htmlEscape(title) + "</h1><p>" + HtmlUtils.htmlEscape(message)
                + "</p></body></html>";
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(page);
    }
}
