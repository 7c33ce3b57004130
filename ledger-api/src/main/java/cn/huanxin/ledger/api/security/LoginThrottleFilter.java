package cn.huanxin.ledger.api.security;

import cn.huanxin.ledger.api.web.ProblemWriter;
import cn.huanxin.ledger.api.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Answers 429 with {@code Retry-After} to a Basic login whose client name or remote address is
 * throttled, before the password is looked at: see {@link LoginThrottle}.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

    private static final String BASIC = "basic ";

    private final LoginThrottle throttle;
    private final ProblemWriter problems;

    LoginThrottleFilter(LoginThrottle throttle, ProblemWriter problems) {
        this.throttle = throttle;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            Optional<Duration> wait = throttle.retryAfter(name(header), request.getRemoteAddr());
            if (wait.isPresent()) {
                long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
                ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins",
                        "Too many failed logins", "too many failed logins for this client or from this address; "
                                + "retry after " + seconds + " s");
                problems.write(response, problem);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The client name of a Basic header, or empty when the header is not well-formed. */
    private static String name(String header) {
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? "" : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
