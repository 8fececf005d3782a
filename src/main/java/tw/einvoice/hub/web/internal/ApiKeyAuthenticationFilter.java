package tw.einvoice.hub.web.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.web.filter.OncePerRequestFilter;
import tw.einvoice.hub.web.HubPrincipal;

import java.io.IOException;
import java.util.Set;

/** Authenticates machine clients by {@code Authorization: Bearer <key>}. */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private final ApiKeys apiKeys;
    private final AuthenticationEntryPoint entryPoint;

    ApiKeyAuthenticationFilter(ApiKeys apiKeys, AuthenticationEntryPoint entryPoint) {
        this.apiKeys = apiKeys;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            var owner = apiKeys.authenticate(header.substring(7).trim());
            if (owner.isEmpty()) {
                SecurityContextHolder.clearContext();
                entryPoint.commence(request, response, new BadCredentialsException("unknown or revoked API key"));
                return;
            }
            var principal = new HubPrincipal(owner.get().name(), HubPrincipal.Kind.API_KEY, "API",
                    owner.get().sellerId(), Set.of());
            SecurityContextHolder.getContext().setAuthentication(new ApiKeyAuthentication(principal));
        }
        chain.doFilter(request, response);
    }

    static final class ApiKeyAuthentication extends AbstractAuthenticationToken {
        private final HubPrincipal principal;

        ApiKeyAuthentication(HubPrincipal principal) {
            super(AuthorityUtils.createAuthorityList("ROLE_API"));
            this.principal = principal;
            setAuthenticated(true);
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
