package cn.huanxin.ledger.api.web;

import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * What every page of the auditors' console shares: its language, its files and its formats.
 *
 * <p>Chinese is the console's language unless the reader chose English: one click on the toggle
 * sends {@code ?lang=en} (or {@code zh}), which sets the {@value #LANGUAGE_COOKIE} cookie for a year,
 * so the choice holds on every later page and visit. The browser's own language is not consulted:
 * the finance bureau's machines are set up in many ways, and the console should open the same for
 * everyone. Every label comes from the {@code messages} bundles; a key missing in one language is an
 * error to see, not a silent fall back to the machine's locale.
 *
 * <p>The console's scripts and styles are served by the ledger under {@code /console/assets/}: its
 * own files, and the chart library from its WebJar (version pinned in the POM), so the console loads
 * nothing from any other host and works on an air-gapped network.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleWebConfiguration {

    public static final String LANGUAGE_PARAMETER = "lang";
    public static final String LANGUAGE_COOKIE = "lang";
    public static final Locale DEFAULT_LANGUAGE = Locale.CHINESE;

    @Bean
    public MessageSource messageSource() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    @Bean
    public LocaleResolver localeResolver() {
        CookieLocaleResolver resolver = new CookieLocaleResolver(LANGUAGE_COOKIE);
        resolver.setDefaultLocale(DEFAULT_LANGUAGE);
        resolver.setCookieMaxAge(Duration.ofDays(365));
        resolver.setCookiePath("/");
        resolver.setCookieSameSite("Lax");
        return resolver;
    }

    @Bean
    WebMvcConfigurer consoleFilesAndLanguage() {
        String echarts = "classpath:/META-INF/resources/webjars/echarts/" + WebJars.version("org.webjars.npm", "echarts")
                + "/dist/";
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                // Cached by the browser for an hour, then revalidated (Last-Modified): a page no longer
                // fetches a megabyte of chart library on every navigation; a new release's files reach
                // every browser within the hour.
                registry.addResourceHandler("/console/assets/**")
                        .addResourceLocations("classpath:/console/assets/", echarts)
                        .setCacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate());
            }

            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                LocaleChangeInterceptor language = new LocaleChangeInterceptor();
                language.setParamName(LANGUAGE_PARAMETER);
                language.setIgnoreInvalidLocale(true);
                registry.addInterceptor(language).addPathPatterns("/console", "/console/**");
            }
        };
    }
}
