package cn.huanxin.ledger.api.config;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The database's component of {@code /actuator/health} ({@code db}), in place of Spring Boot's, whose
 * check waits on the connection without a time limit: the ledger's check is bounded by the pool's
 * connection timeout and {@link DatabaseAvailability#VALIDATION_TIMEOUT_SECONDS}, so that readiness
 * turns DOWN within seconds of the database going away (docs/operations.md). During a known outage it
 * answers DOWN at once, without waiting for the pool again; the outage's probe notices the return.
 */
@Component("dbHealthIndicator")
class DatabaseHealthIndicator implements HealthIndicator {

    private final DatabaseAvailability availability;

    DatabaseHealthIndicator(DatabaseAvailability availability) {
        this.availability = availability;
    }

    @Override
    public Health health() {
        if (availability.isDown() || !availability.check()) {
            return Health.down().build();
        }
        return Health.up().build();
    }
}
