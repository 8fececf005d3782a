package tw.einvoice.hub.web.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.filter.OncePerRequestFilter;
import tw.einvoice.hub.web.AuditTrail;

import java.io.IOException;
import java.util.Map;

/**
 * Each console login: counted by {@link LoginThrottle}, written to the audit trail (the name tried, never the
 * password), and refused before the password is even checked while its name is locked from that address, so a
 * right password during the lock does not get in either.
 */
class LoginAttempts implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private final LoginThrottle throttle;
    private final AuditTrail audit;
    private final SavedRequestAwareAuthenticationSuccessHandler toSavedPage = new SavedRequestAwareAuthenticationSuccessHandler();

    LoginAttempts(LoginThrottle throttle, AuditTrail audit) {
        this.throttle = throttle;
        this.audit = audit;
        toSavedPage.setDefaultTargetUrl("/");
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication auth)
            throws IOException, ServletException {
        throttle.succeeded(auth.getName(), request.getRemoteAddr());
        audit.record("user:" + auth.getName(), "LOGIN", auth.getName(), null, null, request.getRemoteAddr());
        toSavedPage.onAuthenticationSuccess(request, response, auth);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String username = username(request);
        boolean nowLocked = throttle.failed(username, request.getRemoteAddr());
        audit.record("user:" + username, nowLocked ? "LOGIN_LOCKED" : "LOGIN_FAILED", username, null,
                Map.of("reason", e.getClass().getSimpleName()), request.getRemoteAddr());
        response.sendRedirect(request.getContextPath() + (nowLocked ? "/login?locked" : "/login?error"));
    }

    /** Refuses a login POST whose name is locked from the caller's address. */
    OncePerRequestFilter lockedFilter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if ("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())
                        && throttle.locked(username(request), request.getRemoteAddr())) {
                    String username = username(request);
                    audit.record("user:" + username, "LOGIN_WHILE_LOCKED", username, null, null, request.getRemoteAddr());
                    response.sendRedirect(request.getContextPath() + "/login?locked");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    private static String username(HttpServletRequest request) {
        String name = request.getParameter("username");
        // the name is written to the audit trail: keep what a column and a log line can hold
        return name == null ? "" : name.strip().length() > 64 ? name.strip().substring(0, 64) : name.strip();
    }
}
