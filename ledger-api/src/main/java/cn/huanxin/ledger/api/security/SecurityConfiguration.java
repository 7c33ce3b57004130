package cn.huanxin.ledger.api.security;

import cn.huanxin.ledger.api.web.ProblemWriter;
import cn.huanxin.ledger.api.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic over a stateless API. Each path is open to the roles of CONTRACT.md; everything not
 * listed needs credentials. Refusals are problem+json like every other error.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    static final String SOURCE = Role.SOURCE.name();
    static final String AUDITOR = Role.AUDITOR.name();
    static final String DISCIPLINE = Role.DISCIPLINE.name();
    static final String ADMIN = Role.ADMIN.name();

    @Bean
    public PasswordEncoder passwordEncoder() {
        return new CachingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
    }

    @Bean
    public SecurityFilterChain securityFilterChain(HttpSecurity http, ProblemWriter problems) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(
                        (request, response, e) -> problems.unauthorized(response)))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> problems.unauthorized(response))
                        .accessDeniedHandler((request, response, e) -> problems.write(response,
                                Problems.forbidden("the client's role may not use this endpoint"))))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/actuator/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/admin/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/v1/events", "/api/v1/events/batch").hasRole(SOURCE)
                        .requestMatchers(HttpMethod.GET, "/api/v1/events/**", "/api/v1/history/**")
                        .hasAnyRole(SOURCE, AUDITOR, DISCIPLINE)
                        .requestMatchers(HttpMethod.GET, "/api/v1/trace/person/**").hasRole(DISCIPLINE)
                        .requestMatchers(HttpMethod.GET, "/api/v1/balances", "/api/v1/balances/**",
                                "/api/v1/accounts/**", "/api/v1/trace/**", "/api/v1/targets", "/api/v1/alerts",
                                "/api/v1/rules")
                        .hasAnyRole(AUDITOR, DISCIPLINE)
                        .requestMatchers(HttpMethod.POST, "/api/v1/alerts/*/disposition").hasAnyRole(AUDITOR, DISCIPLINE)
                        // Integrity and replay (CONTRACT.md): the public key is open, so that anyone can
                        // check a checkpoint; checkpoints, proofs and verify are AUDITOR's; evidence
                        // bundles and investigations the discipline office's.
                        .requestMatchers(HttpMethod.GET, "/api/v1/ledger/public-key").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/ledger/checkpoints/**", "/api/v1/ledger/proofs/**")
                        .hasAnyRole(AUDITOR, DISCIPLINE)
                        .requestMatchers(HttpMethod.POST, "/api/v1/ledger/verify").hasAnyRole(AUDITOR, DISCIPLINE)
                        .requestMatchers(HttpMethod.GET, "/api/v1/evidence/**").hasRole(DISCIPLINE)
                        .requestMatchers("/api/v1/investigations", "/api/v1/investigations/**").hasRole(DISCIPLINE)
                        .anyRequest().authenticated());
        return http.build();
    }
}
