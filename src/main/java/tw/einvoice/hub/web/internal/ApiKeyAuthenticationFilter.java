package tw.einvoice.hub.web.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;
import tw.einvoice.hub.web.HubPrincipal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Authenticates machine clients by {@code Authorization: Bearer <key>}, holds each key to its scopes and to its
 * request rate ({@link ApiRateLimit}). Refusals are problem documents like every other API error.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    /** The authority of a key with the {@code metrics} scope: what {@code /actuator/prometheus} asks for. */
    static final String METRICS_AUTHORITY = "SCOPE_metrics";
    static final String PROMETHEUS_PATH = "/actuator/prometheus";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiKeys apiKeys;
    private final AuthenticationEntryPoint entryPoint;
    private final ApiRateLimit rateLimit;

    ApiKeyAuthenticationFilter(ApiKeys apiKeys, AuthenticationEntryPoint entryPoint, ApiRateLimit rateLimit) {
        this.apiKeys = apiKeys;
        this.entryPoint = entryPoint;
        this.rateLimit = rateLimit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            java.util.Optional<ApiKeys.KeyOwner> found;
            try {
                found = apiKeys.authenticate(header.substring(7).trim());
            } catch (RuntimeException e) {
                if (!tw.einvoice.hub.runtime.Outages.isOutage(e)) {
                    throw e;
                }
                // keys live in the database: while it is away no key can be checked, and the caller may try again
                refuse(request, response, HttpStatus.SERVICE_UNAVAILABLE, "intake-unavailable", "the hub's database "
                        + "cannot be reached to check the API key; retry the same request, repeats are recognised", 5L);
                return;
            }
            if (found.isEmpty()) {
                SecurityContextHolder.clearContext();
                entryPoint.commence(request, response, new BadCredentialsException("unknown or revoked API key"));
                return;
            }
            ApiKeys.KeyOwner owner = found.get();
            boolean scrape = PROMETHEUS_PATH.equals(path(request));
            if (!scrape && !owner.may(ApiKeys.SCOPE_API)) {
                refuse(request, response, HttpStatus.FORBIDDEN, "out-of-scope", "API key " + owner.name()
                        + " may only be used for " + PROMETHEUS_PATH + " (its scopes: " + owner.scopes() + ")", null);
                return;
            }
            Duration wait = rateLimit.take(owner.id());
            if (!wait.isZero()) {
                // rounded up: a client that waits the whole seconds it is told finds a request's worth again
                long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                refuse(request, response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "API key " + owner.name()
                        + " is over its " + rateLimit.settings().requestsPerSecond() + " requests per second (burst "
                        + rateLimit.settings().burst() + "); retry after " + seconds + " s", seconds);
                return;
            }
            var principal = new HubPrincipal(owner.name(), HubPrincipal.Kind.API_KEY, "API", owner.sellerId(), Set.of());
            SecurityContextHolder.getContext().setAuthentication(new ApiKeyAuthentication(principal, owner.scopes()));
        }
        chain.doFilter(request, response);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** The body {@code ApiErrors} gives every refusal: an RFC 9457 problem document. */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
                               String detail, Long retryAfterSeconds) throws IOException {
        SecurityContextHolder.clearContext();
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:einvoice-hub:problem:" + type);
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", path(request));
        response.setStatus(status.value());
        if (retryAfterSeconds != null) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JSON.writeValue(response.getOutputStream(), problem);
    }

    static final class ApiKeyAuthentication extends AbstractAuthenticationToken {
        private final HubPrincipal principal;

        ApiKeyAuthentication(HubPrincipal principal, Set<String> scopes) {
            super(authorities(scopes));
            this.principal = principal;
            setAuthenticated(true);
        }

        private static List<GrantedAuthority> authorities(Set<String> scopes) {
            List<GrantedAuthority> granted = new ArrayList<>();
            if (scopes.contains(ApiKeys.SCOPE_API)) {
                granted.add(new SimpleGrantedAuthority("ROLE_API"));
            }
            if (scopes.contains(ApiKeys.SCOPE_METRICS)) {
                granted.add(new SimpleGrantedAuthority(METRICS_AUTHORITY));
            }
            return granted;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return principal;
        }
    }
}
