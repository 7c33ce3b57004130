package cn.huanxin.ledger.api.security;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Login throttling ({@code ledger.security.login-throttle.*}): failed logins are counted per client
 * name and per remote address within a window; past the limit, further attempts are answered 429
 * until the window has passed, without checking the password.
 *
 * @param maxFailuresPerClient failed logins of one client name within the window before it is throttled
 * @param maxFailuresPerAddress failed logins from one remote address within the window (any names);
 *                              higher, since several clients may share one address
 * @param window                how long failures are counted, and how long a throttle lasts at most
 * @param maxTracked            how many names and addresses are tracked at once, so that a flood of
 *                              invented names cannot exhaust the heap (the oldest are forgotten)
 */
@Validated
@ConfigurationProperties("ledger.security.login-throttle")
public record LoginThrottleProperties(@DefaultValue("10") @Min(1) int maxFailuresPerClient,
                                      @DefaultValue("50") @Min(1) int maxFailuresPerAddress,
                                      @DefaultValue("15m") Duration window,
                                      @DefaultValue("100000") @Min(100) int maxTracked) {
}
