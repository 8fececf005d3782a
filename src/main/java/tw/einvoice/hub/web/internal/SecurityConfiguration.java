package tw.einvoice.hub.web.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Authentication everywhere but health. Machines use API keys (Bearer), people a password
 * (Basic for the API and tools, a login form for the console).
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.context.properties.EnableConfigurationProperties(ConsoleProperties.class)
class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeys apiKeys, ApiRateLimit rateLimit) throws Exception {
        var unauthorized = new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED);
        http.securityMatcher("/api/**", "/v3/api-docs/**", "/actuator/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // Shopee signs its pushes (HMAC of URL|body); the controller checks that, not a hub user
                        .requestMatchers(org.springframework.http.HttpMethod.POST, "/api/v1/shopee/push").permitAll()
                        // the seller's browser arrives from Shopee without a hub login; the one-time state decides
                        .requestMatchers(org.springframework.http.HttpMethod.GET, "/api/v1/shopee/oauth/callback/**").permitAll()
                        // Prometheus scrapes with an API key of the metrics scope as its bearer token
                        .requestMatchers(ApiKeyAuthenticationFilter.PROMETHEUS_PATH)
                        .hasAnyAuthority("ROLE_ADMIN", ApiKeyAuthenticationFilter.METRICS_AUTHORITY)
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized))
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, unauthorized, rateLimit), BasicAuthenticationFilter.class);
        return http.build();
    }

    /**
     * The console: a login form of our own at {@code /login}, sessions, CSRF tokens on every form and htmx request,
     * and a lock after repeated failures. Anyone not logged in is sent to the form; its assets are public so the
     * form can show.
     */
    @Bean
    @Order(2)
    SecurityFilterChain consoleSecurity(HttpSecurity http, LoginThrottle throttle, tw.einvoice.hub.web.AuditTrail audit)
            throws Exception {
        var loginAttempts = new LoginAttempts(throttle, audit);
        http.authorizeHttpRequests(auth -> auth
                        // /error renders the status of a failed request; guarding it would turn every error into a redirect
                        .requestMatchers("/login", "/error", "/webjars/**", "/console/**", "/favicon.ico").permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .successHandler(loginAttempts)
                        .failureHandler(loginAttempts)
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                .addFilterBefore(loginAttempts.lockedFilter(), UsernamePasswordAuthenticationFilter.class)
                .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()));
        return http.build();
    }
}
