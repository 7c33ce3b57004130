package cn.huanxin.ledger.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The console's sign-in form meets the same {@link LoginThrottle} as a Basic login: while its client
 * name or address is throttled, the password is not looked at and the browser goes back to the
 * sign-in page, which says so. Failures and successes are counted by {@link LoginOutcomes}, as for
 * the API.
 */
final class ConsoleLoginThrottleFilter extends OncePerRequestFilter {

    private final LoginThrottle throttle;
    private final String loginPage;

    ConsoleLoginThrottleFilter(LoginThrottle throttle, String loginPage) {
        this.throttle = throttle;
        this.loginPage = loginPage;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod()) && loginPage.equals(request.getServletPath())) {
            String name = request.getParameter(UsernamePasswordAuthenticationFilter.SPRING_SECURITY_FORM_USERNAME_KEY);
            Optional<Duration> wait = throttle.retryAfter(name == null ? "" : name, request.getRemoteAddr());
            if (wait.isPresent()) {
                long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                response.sendRedirect(request.getContextPath() + loginPage + "?throttled");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
