package cn.huanxin.ledger.api.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The auditors' console for browsers: the same clients and passwords as the API, signed in once with
 * a form and kept in a session, every state-changing form protected by a CSRF token. The API's own
 * filter chain stays stateless with HTTP Basic for machines; this chain serves only {@code /} and
 * {@code /console/…}, and never accepts Basic credentials, so a browser's remembered Basic login
 * cannot be replayed by another site's form.
 *
 * <p>Authentication is all this chain decides. Which client may open which page is the
 * {@link AccessPolicy}'s, taken on the request as Spring MVC resolved it, exactly as for the API:
 * each page has the row of the API endpoint whose data it shows.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

    /** Where the console lives; the sign-in page and the sign-out action are under it. */
    public static final String CONSOLE = "/console";
    public static final String LOGIN_PAGE = CONSOLE + "/login";
    public static final String LOGOUT = CONSOLE + "/logout";

    /**
     * The console's pages load scripts, styles and images from the ledger only, send forms only to
     * it, and cannot be framed. No inline script or style runs: data for a chart travels in a
     * non-executable JSON block that the console's own script reads.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    @Bean
    @Order(1)
    public SecurityFilterChain consoleFilterChain(HttpSecurity http, LoginThrottle throttle) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        http.securityMatcher(new OrRequestMatcher(paths.matcher("/"), paths.matcher(CONSOLE),
                        paths.matcher(CONSOLE + "/**")))
                .headers(ConsoleSecurityConfiguration::headers)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(fixation -> fixation.changeSessionId()))
                .addFilterBefore(new ConsoleLoginThrottleFilter(throttle, LOGIN_PAGE), UsernamePasswordAuthenticationFilter.class)
                .formLogin(form -> form.loginPage(LOGIN_PAGE).loginProcessingUrl(LOGIN_PAGE)
                        .defaultSuccessUrl(CONSOLE, false).failureUrl(LOGIN_PAGE + "?error").permitAll())
                .logout(logout -> logout.logoutUrl(LOGOUT).logoutSuccessUrl(LOGIN_PAGE + "?signedOut")
                        .deleteCookies("JSESSIONID"))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers(paths.matcher("/"), paths.matcher(LOGIN_PAGE),
                                paths.matcher(CONSOLE + "/assets/**")).permitAll()
                        .anyRequest().authenticated());
        return http.build();
    }

    private static void headers(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN));
    }
}
