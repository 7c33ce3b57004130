package cn.huanxin.ledger.api.console;

import cn.huanxin.ledger.api.security.AccessPolicy;
import cn.huanxin.ledger.api.security.ClientRegistry;
import cn.huanxin.ledger.api.security.LedgerClient;
import cn.huanxin.ledger.api.web.ConsolePage;
import cn.huanxin.ledger.api.web.ConsoleWebConfiguration;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.support.RequestContextUtils;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What every console page shows around its content: who is signed in and with which role, the
 * menu of the pages that role may open, the language the page is in and the link that switches to
 * the other one (the same page, same filters, with {@code lang} set).
 */
@ControllerAdvice(annotations = ConsolePage.class)
class ConsoleModel {

    private final ClientRegistry clients;
    private final AccessPolicy policy;

    ConsoleModel(ClientRegistry clients, AccessPolicy policy) {
        this.clients = clients;
        this.policy = policy;
    }

    @ModelAttribute("signedIn")
    LedgerClient signedIn() {
        return current().orElse(null);
    }

    @ModelAttribute("navigation")
    List<ConsoleNavigation.Entry> navigation() {
        return current().map(client -> ConsoleNavigation.visibleTo(client, policy)).orElse(List.of());
    }

    @ModelAttribute("language")
    String language(HttpServletRequest request) {
        return language(RequestContextUtils.getLocale(request));
    }

    @ModelAttribute("otherLanguage")
    String otherLanguage(HttpServletRequest request) {
        return "zh".equals(language(request)) ? "en" : "zh";
    }

    /** This page in the other language: the same path and parameters, with {@code lang} replaced. */
    @ModelAttribute("otherLanguageUrl")
    String otherLanguageUrl(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return UriComponentsBuilder.fromPath(path).query(request.getQueryString())
                .replaceQueryParam(ConsoleWebConfiguration.LANGUAGE_PARAMETER, otherLanguage(request))
                .build().toUriString();
    }

    @ModelAttribute("currentPath")
    String currentPath(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    static String language(Locale locale) {
        return Locale.ENGLISH.getLanguage().equals(locale.getLanguage()) ? "en" : "zh";
    }

    private Optional<LedgerClient> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        return clients.find(authentication.getName());
    }
}
