package cn.huanxin.ledger.api.security;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Feeds the outcome of every password login to the {@link LoginThrottle}. Bearer tokens are not
 * logins with a password, and their text must never reach a log line, so only name-and-password
 * attempts are counted here.
 */
final class LoginOutcomes {

    private final LoginThrottle throttle;

    LoginOutcomes(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        Authentication attempt = event.getAuthentication();
        if (attempt instanceof UsernamePasswordAuthenticationToken) {
            throttle.failed(attempt.getName(), address(attempt));
        }
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        Authentication login = event.getAuthentication();
        if (login instanceof UsernamePasswordAuthenticationToken) {
            throttle.succeeded(login.getName());
        }
    }

    private static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
    }
}
