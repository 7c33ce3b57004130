package cn.huanxin.ledger.api.fraud;

import cn.huanxin.ledger.api.cluster.ProjectionRebuilds;
import cn.huanxin.ledger.projections.fraud.FraudProjection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rebuilds the fraud view from the start when one of its batches finds that a rebuild was interrupted
 * part way through a batch decided on several connections ({@link FraudRebuildInterrupted};
 * docs/fraud-rules.md, "A rebuild on several connections"). The view refuses every batch until then, so
 * nothing is built on tables that its token does not describe.
 * <p>
 * The rebuild runs on a thread of its own: it stops the view's processor, whose thread reported the
 * interruption. One at a time on this node; a rebuild another node has open already is left to it. A
 * rebuild that cannot start now (another node does not let go of the view in time) is asked for again by
 * the processor's next attempt at a batch, which finds the same mark.
 */
public final class InterruptedRebuilds {

    private static final Logger log = LoggerFactory.getLogger(InterruptedRebuilds.class);

    private final ProjectionRebuilds rebuilds;
    private final AtomicBoolean rebuilding = new AtomicBoolean();

    InterruptedRebuilds(ProjectionRebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @EventListener
    public void on(FraudRebuildInterrupted interrupted) {
        if (!rebuilding.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(this::rebuild, "fraud-rebuild-again");
        thread.setDaemon(true);
        thread.start();
    }

    private void rebuild() {
        try {
            log.warn("The fraud view holds part of a rebuild's batch that its token does not count (the rebuild was "
                    + "interrupted); rebuilding it from the start");
            rebuilds.rebuild(FraudProjection.PROCESSING_GROUP);
        } catch (ProjectionRebuilds.RebuildRefused refused) {
            if (refused.reason() == ProjectionRebuilds.Refusal.ALREADY_REBUILDING) {
                log.info("The fraud view is being rebuilt already: {}", refused.getMessage());
            } else {
                log.warn("Cannot rebuild the fraud view yet ({}); its next batch asks again", refused.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("Cannot rebuild the fraud view yet ({}); its next batch asks again", e.toString());
        } finally {
            rebuilding.set(false);
        }
    }
}
