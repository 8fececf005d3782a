package tw.einvoice.hub.consumer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The query site is public: its own filter chain for {@code /my/**}, ahead of the API's and the console's, lets anyone
 * in (the signed link or the order's code is the key) and everything else keeps asking for a login. Forms carry CSRF
 * tokens; no referrer leaves a page, since a carrier link in a URL is the consumer's key.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain consumerSite(HttpSecurity http, ConsumerProperties settings) throws Exception {
        http.securityMatcher("/my", "/my/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .addFilterBefore(new ConsumerRateLimit(settings.rateLimit()), SecurityContextHolderFilter.class);
        return http.build();
    }
}
