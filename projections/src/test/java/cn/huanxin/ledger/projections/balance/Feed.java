package cn.huanxin.ledger.projections.balance;

import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;

import java.util.List;

/**
 * Hands messages to the projection through Axon's annotation adapter — so handler resolution,
 * parameters and the reset handler are Axon's own — either one at a time without a unit of work,
 * or in batches inside a {@link BatchingUnitOfWork}, as a tracking processor does.
 */
final class Feed {

    private final AnnotationEventHandlerAdapter adapter;

    Feed(BalanceProjection projection) {
        this.adapter = new AnnotationEventHandlerAdapter(projection);
    }

    void oneByOne(List<EventMessage<?>> messages) {
        for (EventMessage<?> message : messages) {
            one(message);
        }
    }

    void one(EventMessage<?> message) {
        try {
            adapter.handle(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void inBatches(List<EventMessage<?>> messages, int batchSize) {
        for (int from = 0; from < messages.size(); from += batchSize) {
            batch(messages.subList(from, Math.min(messages.size(), from + batchSize)));
        }
    }

    void batch(List<EventMessage<?>> messages) {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(List.copyOf(messages));
        ResultMessage<?> result = unitOfWork.executeWithResult(
                () -> adapter.handle(unitOfWork.getMessage()), RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            throw new IllegalStateException(result.exceptionResult());
        }
    }

    void reset() {
        adapter.prepareReset();
    }
}
