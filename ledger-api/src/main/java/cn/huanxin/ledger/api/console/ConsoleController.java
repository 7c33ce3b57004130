package cn.huanxin.ledger.api.console;

import cn.huanxin.ledger.api.security.ConsoleSecurityConfiguration;
import cn.huanxin.ledger.api.web.ConsolePage;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's doors: {@code /} leads to it, and {@code /console/login} is the sign-in form (its
 * POST is Spring Security's, with the CSRF token the form carries). The overview itself is
 * {@link OverviewController}.
 */
@Controller
@ConsolePage
class ConsoleController {

    @GetMapping("/")
    String root() {
        return "redirect:" + ConsoleSecurityConfiguration.CONSOLE;
    }

    @GetMapping(ConsoleSecurityConfiguration.LOGIN_PAGE)
    String login(Authentication authentication) {
        if (authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "redirect:" + ConsoleSecurityConfiguration.CONSOLE;
        }
        return "console/login";
    }
}
