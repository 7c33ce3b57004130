package cn.huanxin.ledger.api.supervision;

import cn.huanxin.ledger.projections.supervision.BreakReason;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;

/**
 * Says a trace's {@code missing} entries in the reader's language. The API writes them in English
 * ({@code "PAID: not within 30 days of the grant (deadline 2024-10-01)"}); each is read back as its
 * stage and {@link BreakReason} and said again from the message bundles ({@code stage.*},
 * {@code trace.reason.*}), the values (days, dates, ids) unchanged. An entry no reason reads is
 * shown as the API wrote it. Templates reach this as {@code @traceText}.
 */
@Component("traceText")
public class TraceText {

    private final MessageSource messages;

    public TraceText(MessageSource messages) {
        this.messages = messages;
    }

    /** One {@code missing} entry in the current request's language. */
    public String missing(String entry) {
        return entry(entry, LocaleContextHolder.getLocale());
    }

    String entry(String entry, Locale locale) {
        BreakReason.Entry read = BreakReason.Entry.of(entry);
        String stage = stage(read.stage(), locale);
        return read.reason() == null ? stage
                : messages.getMessage("trace.missing.entry", new Object[]{stage, reason(read.reason(), locale)}, locale);
    }

    private String reason(String reason, Locale locale) {
        var said = BreakReason.parse(reason);
        if (said.isPresent()) {
            return messages.getMessage("trace.reason." + said.get().reason().name(), said.get().values().toArray(),
                    locale);
        }
        List<String> nested = BreakReason.Entry.nested(reason);
        if (nested.stream().allMatch(entry -> BreakReason.Entry.of(entry).reason() != null && BreakReason.explains(entry))) {
            String all = entry(nested.get(0), locale);
            for (String entry : nested.subList(1, nested.size())) {
                all = messages.getMessage("trace.missing.and", new Object[]{all, entry(entry, locale)}, locale);
            }
            return all;
        }
        return reason;
    }

    /** A stage's label; a nested chain's stage ({@code appliance:R-1/COLLECTED}) keeps its stream and translates the stage. */
    private String stage(String name, Locale locale) {
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            return name.substring(0, slash + 1) + stage(name.substring(slash + 1), locale);
        }
        return messages.getMessage("stage." + name, null, name, locale);
    }
}
