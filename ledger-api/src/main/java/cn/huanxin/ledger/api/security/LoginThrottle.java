package cn.huanxin.ledger.api.security;

import cn.huanxin.ledger.api.config.LedgerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed logins per client name and per remote address in a fixed window each. Once either
 * has reached its limit, {@link #retryAfter} says how long the caller must wait, and the ledger
 * answers 429 without checking the password, so that guessing costs the guesser time and the ledger
 * no bcrypt work. A successful login clears its name's count. Each failure is logged once, with the
 * name (only when it is a configured client: whatever else was typed as a name, an ID number say,
 * stays out of the log) and the address, never the password, and counted in
 * {@code ledger.security.login.failures}.
 *
 * <p>A throttled name also locks its rightful client out until the window ends: that is the price of
 * slowing a guesser down, and why the window is short and the limits configurable.
 */
public final class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final LoginThrottleProperties settings;
    private final Clock clock;
    private final Counter failures;
    private final Counter throttled;
    private final Map<String, Window> windows;
    private final java.util.function.Predicate<String> knownClient;

    /** Failures of one key since the window began. */
    private static final class Window {
        long startMillis;
        int failures;
    }

    public LoginThrottle(LoginThrottleProperties settings, Clock clock, MeterRegistry meters,
                         java.util.function.Predicate<String> knownClient) {
        this.settings = settings;
        this.knownClient = knownClient;
        this.clock = clock;
        this.failures = Counter.builder(LedgerMetrics.LOGIN_FAILURES.name())
                .description(LedgerMetrics.LOGIN_FAILURES.description()).register(meters);
        this.throttled = Counter.builder(LedgerMetrics.LOGIN_THROTTLED.name())
                .description(LedgerMetrics.LOGIN_THROTTLED.description()).register(meters);
        int capacity = settings.maxTracked();
        this.windows = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * How long a login attempt by {@code name} from {@code address} must still wait, or empty when it
     * may be checked. A throttled attempt is counted in {@code ledger.security.login.throttled}.
     */
    public synchronized Optional<Duration> retryAfter(String name, String address) {
        long now = clock.millis();
        long waitMillis = Math.max(waiting(nameKey(name), settings.maxFailuresPerClient(), now),
                waiting(addressKey(address), settings.maxFailuresPerAddress(), now));
        if (waitMillis <= 0) {
            return Optional.empty();
        }
        throttled.increment();
        return Optional.of(Duration.ofMillis(waitMillis));
    }

    /** Records one failed login. */
    public void failed(String name, String address) {
        synchronized (this) {
            long now = clock.millis();
            count(nameKey(name), now);
            count(addressKey(address), now);
        }
        failures.increment();
        log.warn("Failed login for client {} from {}", knownClient.test(name) ? name : "(not a configured client)",
                address);
    }

    /**
     * A successful login clears what its client name had failed. The address keeps its count until
     * its window ends: otherwise one valid password would let an address go on guessing others.
     */
    public synchronized void succeeded(String name) {
        windows.remove(nameKey(name));
    }

    private long waiting(String key, int limit, long now) {
        Window window = windows.get(key);
        if (window == null || window.failures < limit) {
            return 0;
        }
        long end = window.startMillis + settings.window().toMillis();
        return end - now;
    }

    private void count(String key, long now) {
        Window window = windows.get(key);
        if (window == null || now - window.startMillis >= settings.window().toMillis()) {
            window = new Window();
            window.startMillis = now;
            windows.put(key, window);
        }
        window.failures++;
    }

    private static String nameKey(String name) {
        return "n:" + (name == null ? "" : name);
    }

    private static String addressKey(String address) {
        return "a:" + (address == null ? "" : address);
    }
}
