package cn.huanxin.ledger.api.web;

import cn.huanxin.ledger.api.config.LedgerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * Counts every problem the ledger answers, by status and code ({@code ledger.refusals}): a request
 * refused whole (a problem body from Spring MVC, {@link ProblemInstances}, or from a security filter,
 * {@link ProblemWriter}) and each refused event of a batch (the ingestion controller). The tags are
 * taken from the ledger's own problem, never from the request: the status, and the contract's code
 * or the last word of the problem's type. A value of another shape (which no code of the ledger
 * makes) is counted as {@code other}, so that the set of series stays bounded whatever happens.
 */
@Component
public class Refusals {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z_]{0,39}");
    private static final Pattern KIND = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final String TYPE_PREFIX = "urn:huanxin-ledger:problem:";
    static final String OTHER = "other";

    private final MeterRegistry meters;

    public Refusals(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Counts {@code problem} once, if its status is an error (4xx or 5xx). */
    public void count(ProblemDetail problem) {
        int status = problem.getStatus();
        if (status < 400 || status > 599) {
            return;
        }
        Counter.builder(LedgerMetrics.REFUSALS.name())
                .description(LedgerMetrics.REFUSALS.description())
                .tags(LedgerMetrics.REFUSALS.tags(Integer.toString(status), code(problem)))
                .register(meters).increment();
    }

    /** The contract's code of the problem, else the last word of its type; {@code other} if neither fits. */
    static String code(ProblemDetail problem) {
        Object code = problem.getProperties() == null ? null : problem.getProperties().get("code");
        if (code instanceof String word) {
            return CODE.matcher(word).matches() ? word : OTHER;
        }
        URI type = problem.getType();
        String text = type == null ? "" : type.toString();
        if (text.startsWith(TYPE_PREFIX)) {
            String kind = text.substring(TYPE_PREFIX.length());
            return KIND.matcher(kind).matches() ? kind : OTHER;
        }
        return OTHER;
    }
}
