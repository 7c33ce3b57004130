package cn.huanxin.ledger.api.security;

import cn.huanxin.ledger.api.web.ProblemWriter;
import cn.huanxin.ledger.api.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.context.support.WebApplicationContextUtils;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP Basic (and, once an issuer is configured, OAuth2 JWT bearer tokens: {@link BearerTokenProperties})
 * over a stateless API, in two layers. The filter chain authenticates: the open
 * endpoints of the {@link AccessPolicy} pass without credentials (and ignore any that are sent, so a
 * client with a stale password can still read the public key or the health), the actuator is the
 * ADMIN's, and everything else needs a known client. When the actuator has a port of its own
 * ({@code management.server.port}, bound to {@code management.server.address}), what arrives on that
 * port passes without credentials: who can reach that address may scrape and probe, and the API's
 * port serves no actuator endpoint at all (docs/operations.md). Which client may use which endpoint is then
 * decided by the policy on the request as Spring MVC resolved it ({@link EndpointAuthorization}),
 * not by matching URL text here: a path spelled in another case or with another separator either
 * resolves to the same endpoint and meets the same rule, or resolves to nothing and is not served.
 * Refusals are problem+json like every other error.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    public PasswordEncoder passwordEncoder() {
        return new CachingPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
    }

    @Bean
    public AccessPolicy accessPolicy(StreamCreators streams) {
        return new AccessPolicy(streams);
    }

    /**
     * The management server, when it has a port of its own: Prometheus scrapes it and orchestrators
     * probe it without the ADMIN's password, which a scrape configuration would otherwise have to
     * hold. Access to it is decided by the address it is bound to, not by credentials.
     */
    @Bean
    @Order(0)
    public SecurityFilterChain managementServer(HttpSecurity http) throws Exception {
        http.securityMatcher(SecurityConfiguration::onManagementServer)
                .headers(SecurityConfiguration::headers)
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    /**
     * Whether the request arrived on the management server's own port: Spring Boot serves it from a
     * child context with the server namespace {@code management}. On a shared port there is no such
     * context, and this is false for every request.
     */
    static boolean onManagementServer(HttpServletRequest request) {
        WebApplicationContext context = WebApplicationContextUtils.getWebApplicationContext(request.getServletContext());
        return context instanceof WebServerApplicationContext server
                && WebServerApplicationContext.hasServerNamespace(server, "management");
    }

    /** The open endpoints: no authentication is attempted, so wrong credentials do not refuse them. */
    @Bean
    @Order(1)
    public SecurityFilterChain openEndpoints(HttpSecurity http, AccessPolicy policy) throws Exception {
        List<RequestMatcher> open = new ArrayList<>();
        open.add(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/actuator/health"));
        open.add(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, "/actuator/health/**"));
        for (String endpoint : policy.openEndpoints()) {
            String[] methodAndPath = endpoint.split(" ", 2);
            open.add("*".equals(methodAndPath[0])
                    ? PathPatternRequestMatcher.withDefaults().matcher(methodAndPath[1])
                    : PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.valueOf(methodAndPath[0]),
                    methodAndPath[1]));
        }
        http.securityMatcher(new OrRequestMatcher(open))
                .headers(SecurityConfiguration::headers)
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    public LoginThrottle loginThrottle(LoginThrottleProperties settings, Clock clock, MeterRegistry meters,
                                       ClientRegistry clients) {
        return new LoginThrottle(settings, clock, meters, name -> name != null && clients.find(name).isPresent());
    }

    @Bean
    LoginOutcomes loginOutcomes(LoginThrottle throttle) {
        return new LoginOutcomes(throttle);
    }

    @Bean
    @Order(2)
    public SecurityFilterChain securityFilterChain(HttpSecurity http, ProblemWriter problems, LoginThrottle throttle,
                                                   BearerTokenProperties bearer, ClientRegistry clients)
            throws Exception {
        if (bearer.enabled()) {
            BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
            challenge.setRealmName("huanxin-ledger");
            http.oauth2ResourceServer(resource -> resource
                    .jwt(jwt -> jwt.decoder(BearerTokens.decoder(bearer))
                            .jwtAuthenticationConverter(BearerTokens.converter(bearer, clients)))
                    .authenticationEntryPoint((request, response, e) -> {
                        challenge.commence(request, response, e);
                        problems.write(response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                                "the bearer token is not valid for this ledger"));
                    }));
        }
        http.headers(SecurityConfiguration::headers)
                .csrf(AbstractHttpConfigurer::disable)
                .addFilterBefore(new LoginThrottleFilter(throttle, problems), BasicAuthenticationFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .httpBasic(basic -> basic.authenticationEntryPoint(
                        (request, response, e) -> problems.unauthorized(response)))
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> problems.unauthorized(response))
                        .accessDeniedHandler((request, response, e) -> problems.write(response,
                                Problems.forbidden("the client's role may not use this endpoint"))))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/**").hasRole(Role.ADMIN.name())
                        .anyRequest().authenticated());
        return http.build();
    }

    /**
     * The ledger answers JSON, CSV, YAML and PEM: its Content-Security-Policy allows nothing, so a
     * response rendered by a browser can run no script and be framed by no site. The one page, Swagger
     * UI's, sends its own narrower allowance (scripts, styles and requests from this origin only), which
     * this writer keeps, as it adds its policy only to a response that has none. HSTS (a year, with subdomains) is sent on every response over TLS, and only there, as
     * RFC 6797 requires; with TLS off there is nothing to pin.
     */
    private static void headers(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER));
    }

    static final String CONTENT_SECURITY_POLICY =
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /** Registers the policy's check on every handler Spring MVC resolves. */
    @Bean
    WebMvcConfigurer endpointAuthorization(AccessPolicy policy, ClientRegistry clients) {
        EndpointAuthorization authorization = new EndpointAuthorization(policy, clients);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                // First of all interceptors: nothing (the recording of a sensitive read included)
                // happens for a request the policy refuses.
                registry.addInterceptor(authorization).order(Ordered.HIGHEST_PRECEDENCE);
            }
        };
    }
}
