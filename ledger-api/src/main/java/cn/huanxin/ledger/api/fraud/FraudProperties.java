package cn.huanxin.ledger.api.fraud;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the fraud engine itself ({@code ledger.fraud.*}), as opposed to the rules' parameters
 * ({@code ledger.rules.*}).
 *
 * @param evidenceBound N of docs/fraud-rules.md: an alert keeps all its evidence events up to 2N, past
 *                      that its first N and its latest N, and counts all of them; the live view and
 *                      every investigation use the same N
 */
@Validated
@ConfigurationProperties("ledger.fraud")
public record FraudProperties(@DefaultValue("100") @Min(1) int evidenceBound) {
}
