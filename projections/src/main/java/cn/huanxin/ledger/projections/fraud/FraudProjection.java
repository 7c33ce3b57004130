package cn.huanxin.ledger.projections.fraud;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.projections.support.RecordedEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;

import java.util.List;
import java.util.Optional;

/**
 * The live fraud view: every recorded event, in global order, through the rules of docs/fraud-rules.md.
 * Alerts survive a rebuild with their dispositions, because dispositions are events too.
 */
@ProcessingGroup(FraudProjection.PROCESSING_GROUP)
public class FraudProjection {

    /** The view's processor. */
    public static final String PROCESSING_GROUP = "fraud";

    private final FraudView view;

    public FraudProjection(FraudView view) {
        this.view = view;
    }

    /** A rebuild's events ({@code status} replaying) may be decided on the view's rebuild lanes. */
    @EventHandler
    void on(LedgerFact fact, DomainEventMessage<?> message, ReplayStatus status) {
        view.handle(fact, RecordedEvent.of(message), status.isReplay());
    }

    @ResetHandler
    void reset() {
        view.reset();
    }

    @QueryHandler
    AlertsView alerts(FindAlertsQuery query) {
        return view.alerts(query);
    }

    @QueryHandler
    List<AlertView> merchantAlerts(FindMerchantAlertsQuery query) {
        return view.merchantAlerts(query);
    }

    @QueryHandler
    Optional<AlertView> alert(FindAlertQuery query) {
        return view.alert(query.alertId());
    }

    @QueryHandler
    List<RuleView> rules(FindRulesQuery query) {
        return view.catalogue();
    }
}
