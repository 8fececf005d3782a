package tw.einvoice.hub.web.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Authentication everywhere but health. Machines use API keys (Bearer), people a password
 * (Basic for the API and tools, a login form for the console).
 */
@Configuration(proxyBeanMethods = false)
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

    @Bean
    @Order(2)
    SecurityFilterChain consoleSecurity(HttpSecurity http) throws Exception {
        // /error renders the status of a failed request; guarding it would turn every error into a 401
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/error").permitAll().anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .httpBasic(Customizer.withDefaults());
        return http.build();
    }
}
