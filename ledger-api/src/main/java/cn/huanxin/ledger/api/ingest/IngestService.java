package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.config.ChunkStreams;
import cn.huanxin.ledger.api.config.DatabaseAvailability;
import cn.huanxin.ledger.api.config.LedgerMetrics;
import cn.huanxin.ledger.api.config.LedgerProperties;
import cn.huanxin.ledger.api.security.LedgerClient;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.core.common.IsoTimes;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.LedgerMetadata;
import cn.huanxin.ledger.core.common.LedgerRefusal;
import cn.huanxin.ledger.core.common.RefersToStreams;
import cn.huanxin.ledger.core.common.StreamReference;
import io.axoniq.axonserver.connector.ErrorCategory;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.axonserver.connector.ErrorCode;
import org.axonframework.axonserver.connector.command.AxonServerCommandDispatchException;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records checked envelopes, each exactly once.
 * <p>
 * A chunk of envelopes is recorded in one unit of work and one database transaction: each command
 * runs in a nested unit of work, so aggregates decide one by one and a refusal of one event leaves
 * the others alone, while the events, their receipts and the new streams are written together at
 * the end, in a single batched append. That is what makes a batch fast; it is also what makes it
 * safe, because a receipt exists exactly when its event does.
 * <p>
 * Two requests may race for the same idempotency key or the same new stream. The loser's
 * transaction fails on a unique constraint (receipt key, stream sequence) and is retried from the
 * start, when it finds the winner's receipt or stream; after a few failed attempts a chunk falls
 * back to one event per transaction, so one contended event cannot hold back the rest.
 * <p>
 * When the store cannot be reached, the chunk's transaction is rolled back and its envelopes, with
 * every later one of the request, are answered 503 without another attempt: the request ends within
 * the pool's connection timeout instead of waiting for it once per chunk, and what was recorded is
 * always a prefix of the request.
 */
@Service
public class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    private static final int ATTEMPTS = 4;

    private final CommandBus commandBus;
    private final TransactionManager transactionManager;
    private final ReceiptRepository receipts;
    private final Clock clock;
    private final int chunkEvents;
    private final Counter conflicts;
    private final MeterRegistry meters;
    private final DatabaseAvailability database;

    /**
     * @param commandBus this node's own command bus (Axon's {@code localSegment}): a chunk's commands
     *                   must be handled here, in this thread, inside the chunk's unit of work and
     *                   transaction. On the JDBC store it is the command bus; with Axon Server it is
     *                   the segment behind the Axon Server command bus, which would otherwise route a
     *                   command to another thread and answer asynchronously.
     */
    public IngestService(@Qualifier("localSegment") CommandBus commandBus, TransactionManager transactionManager,
                         ReceiptRepository receipts,
                         Clock clock, LedgerProperties properties, MeterRegistry meters,
                         DatabaseAvailability database) {
        this.commandBus = commandBus;
        this.transactionManager = transactionManager;
        this.receipts = receipts;
        this.clock = clock;
        this.chunkEvents = properties.ingest().chunkEvents();
        this.meters = meters;
        this.database = database;
        this.conflicts = Counter.builder(LedgerMetrics.INGEST_CONFLICTS.name())
                .description(LedgerMetrics.INGEST_CONFLICTS.description()).register(meters);
    }

    /**
     * Records the envelopes of one request, in order. Returns one result per envelope; an envelope
     * the store could not take (the store is down) gets a 503 result and was not recorded.
     */
    public List<ItemResult> record(LedgerClient client, String requestId, List<Envelope> envelopes) {
        List<ItemResult> results = new ArrayList<>(envelopes.size());
        try {
            for (int from = 0; from < envelopes.size(); from += chunkEvents) {
                List<Envelope> chunk = envelopes.subList(from, Math.min(envelopes.size(), from + chunkEvents));
                recordWithRetry(client, requestId, chunk, results);
            }
        } catch (StoreUnreachable e) {
            results.addAll(unavailable(envelopes.size() - results.size()));
        }
        LedgerMetrics.LedgerMeter events = LedgerMetrics.INGEST_EVENTS;
        results.stream().filter(ItemResult::recorded).forEach(r -> Counter.builder(events.name())
                .description(events.description())
                .tags(events.tags(r.receipt().type(), Integer.toString(r.status()))).register(meters).increment());
        return results;
    }

    /**
     * Records one chunk and adds its results to {@code into}; throws {@link StoreUnreachable} when the
     * store cannot be reached, after which nothing more of the request is tried.
     */
    private void recordWithRetry(LedgerClient client, String requestId, List<Envelope> chunk,
                                 List<ItemResult> into) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                into.addAll(recordChunk(client, requestId, chunk));
                database.succeeded();
                return;
            } catch (RuntimeException e) {
                Failure failure = classify(e);
                if (failure == Failure.UNAVAILABLE) {
                    if (DatabaseAvailability.isUnavailable(e)) {
                        // The outage has one line in the log (DatabaseAvailability), not one per request.
                        database.failed(e);
                        log.debug("Database unavailable; {} events not recorded: {}", chunk.size(), e.toString());
                    } else {
                        log.warn("Event store unavailable; {} events not recorded: {}", chunk.size(), e.toString());
                    }
                    throw new StoreUnreachable();
                }
                if (failure == Failure.OTHER) {
                    throw e;
                }
                conflicts.increment();
                log.debug("Chunk of {} events lost a race (attempt {}): {}", chunk.size(), attempt, e.toString());
                pause(attempt);
            }
        }
        if (chunk.size() > 1) {
            for (Envelope envelope : chunk) {
                recordWithRetry(client, requestId, List.of(envelope), into);
            }
            return;
        }
        log.warn("One event kept conflicting after {} attempts; answering 503", ATTEMPTS);
        into.addAll(unavailable(1));
    }

    private List<ItemResult> recordChunk(LedgerClient client, String requestId, List<Envelope> chunk) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("record " + chunk.size()));
        try {
            unitOfWork.attachTransaction(transactionManager);
            ChunkStreams.track(chunk.stream().map(envelope -> envelope.fact().streamId().toString()).toList());
            List<ItemResult> results = decide(client, requestId, chunk);
            if (results.stream().anyMatch(ItemResult::isNew)) {
                receipts.lockAppends();
            }
            unitOfWork.commit();
            return results;
        } catch (RuntimeException | Error e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e;
        }
    }

    /** Runs inside the chunk's unit of work: decides every envelope, stages receipts and streams. */
    private List<ItemResult> decide(LedgerClient client, String requestId, List<Envelope> chunk) {
        String source = client.name();
        Map<String, Receipt> known = receipts.findAll(source, chunk.stream().map(Envelope::eventId).toList());
        // The streams the chunk's facts refer to, asked about in one query for the whole chunk; a
        // stream created by an earlier event of the chunk is added below as it is created.
        Set<String> referenced = new HashSet<>();
        chunk.forEach(e -> referencedStreams(e.fact()).forEach(r -> referenced.add(r.streamId().toString())));
        Set<String> existingStreams = new HashSet<>(receipts.creators(referenced).keySet());

        Map<String, Receipt> staged = new LinkedHashMap<>();
        List<Receipt> created = new ArrayList<>();
        List<ItemResult> results = new ArrayList<>(chunk.size());
        for (Envelope envelope : chunk) {
            Receipt prior = staged.getOrDefault(envelope.eventId(), known.get(envelope.eventId()));
            if (prior != null) {
                results.add(prior.sameContent(envelope.type().name(), envelope.occurredAt(), envelope.payloadSha256())
                        ? ItemResult.repeated(prior) : ItemResult.refused(idempotencyConflict(envelope)));
                continue;
            }
            StreamReference missing = referencedStreams(envelope.fact()).stream()
                    .filter(r -> !existingStreams.contains(r.streamId().toString())).findFirst().orElse(null);
            if (missing != null) {
                results.add(ItemResult.refused(unknownStream(missing.noun() + " " + missing.streamId()
                        + " does not exist")));
                continue;
            }
            ItemResult result = dispatch(client, requestId, envelope);
            if (!result.recorded()) {
                // A concurrent request with the same key may have committed while this one waited
                // for the stream's lock; its receipt, not the refusal it now causes, is the answer.
                prior = receipts.find(source, envelope.eventId()).orElse(null);
                if (prior != null) {
                    result = prior.sameContent(envelope.type().name(), envelope.occurredAt(),
                            envelope.payloadSha256()) ? ItemResult.repeated(prior)
                            : ItemResult.refused(idempotencyConflict(envelope));
                }
            }
            results.add(result);
            if (result.recorded()) {
                staged.put(envelope.eventId(), result.receipt());
                if (result.receipt().sequence() == 0) {
                    created.add(result.receipt());
                    existingStreams.add(result.receipt().streamId());
                }
            }
        }
        if (!staged.isEmpty()) {
            receipts.insertAll(List.copyOf(staged.values()));
        }
        if (!created.isEmpty()) {
            receipts.insertStreams(created);
        }
        return results;
    }

    /** The streams a fact declares it refers to ({@link RefersToStreams}); none for any other fact. */
    private static List<StreamReference> referencedStreams(LedgerFact fact) {
        return fact instanceof RefersToStreams refers ? refers.referencedStreams() : List.of();
    }

    private ItemResult dispatch(LedgerClient client, String requestId, Envelope envelope) {
        String ledgerEventId = LedgerEventIds.next();
        Instant recordedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Map<String, String> metadata = new HashMap<>();
        metadata.put(LedgerMetadata.LEDGER_EVENT_ID, ledgerEventId);
        metadata.put(LedgerMetadata.SOURCE, client.name());
        metadata.put(LedgerMetadata.EVENT_ID, envelope.eventId());
        metadata.put(LedgerMetadata.OCCURRED_AT, IsoTimes.text(envelope.occurredAt()));
        metadata.put(LedgerMetadata.RECORDED_AT, IsoTimes.text(recordedAt));
        metadata.put(LedgerMetadata.PRINCIPAL, client.name());
        metadata.put(LedgerMetadata.REQUEST_ID, requestId);
        metadata.put(LedgerMetadata.BACKFILL, Boolean.toString(client.backfill()));
        CommandMessage<Object> command = GenericCommandMessage
                .asCommandMessage(envelope.type().command().apply(envelope.fact()))
                .andMetaData(MetaData.from(metadata));

        AtomicReference<CommandResultMessage<?>> outcome = new AtomicReference<>();
        try {
            commandBus.dispatch(command, (message, result) -> outcome.set(result));
        } finally {
            // From now on the chunk may hold staged events of this stream (ChunkStreams).
            ChunkStreams.sent(envelope.fact().streamId().toString());
        }
        CommandResultMessage<?> result = outcome.get();
        if (result == null) {
            throw new IllegalStateException("the command bus must handle ingestion commands synchronously");
        }
        if (result.isExceptional()) {
            Throwable cause = result.exceptionResult();
            if (cause instanceof LedgerRefusal refusal) {
                return ItemResult.refused(Problems.withCode(HttpStatus.UNPROCESSABLE_ENTITY, refusal.code(),
                        "Refused", refusal.getMessage()));
            }
            if (cause instanceof AggregateNotFoundException) {
                return ItemResult.refused(unknownStream("stream " + envelope.fact().streamId()
                        + " does not exist; its first event must be one that creates it"));
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("command failed", cause);
        }
        long sequence = ((Number) result.getPayload()).longValue();
        return ItemResult.created(new Receipt(ledgerEventId, client.name(), envelope.eventId(),
                envelope.type().name(), envelope.fact().streamId().toString(), sequence, envelope.occurredAt(),
                recordedAt, envelope.payloadSha256()));
    }

    private static org.springframework.http.ProblemDetail idempotencyConflict(Envelope envelope) {
        return Problems.withCode(HttpStatus.CONFLICT, "IDEMPOTENCY_CONFLICT", "Idempotency conflict",
                "eventId " + envelope.eventId() + " was recorded before with a different type, occurredAt or payload");
    }

    private static org.springframework.http.ProblemDetail unknownStream(String detail) {
        return Problems.withCode(HttpStatus.UNPROCESSABLE_ENTITY, "UNKNOWN_STREAM", "Unknown stream", detail);
    }

    private List<ItemResult> unavailable(int count) {
        List<ItemResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            results.add(ItemResult.refused(Problems.unavailable("the event store is unavailable; nothing was "
                    + "recorded for this event, retry later")));
        }
        return results;
    }

    private enum Failure { CONFLICT, UNAVAILABLE, OTHER }

    /** The store could not be reached: the rest of the request is answered 503 without another attempt. */
    private static final class StoreUnreachable extends RuntimeException {

        StoreUnreachable() {
            super(null, null, false, false);
        }
    }

    /** Sorts a failed chunk: a lost race (retry), an unreachable store (503), or a defect (500). */
    static Failure classify(Throwable failure) {
        if (DatabaseAvailability.isUnavailable(failure)) {
            return Failure.UNAVAILABLE;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (axonServerUnreachable(t)) {
                return Failure.UNAVAILABLE;
            }
            if (t instanceof ConcurrencyException || t instanceof DeadlockException
                    || t instanceof DataIntegrityViolationException || t instanceof ConcurrencyFailureException
                    || t instanceof SQLIntegrityConstraintViolationException
                    || (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("23") || sql.getSQLState().startsWith("40")))) {
                return Failure.CONFLICT;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return Failure.OTHER;
    }

    /**
     * Whether Axon Server (the axonserver profile) could not be reached. Without a connection the
     * Axon Server command bus fails the dispatch at once: the connector's exception of category
     * COMMAND_DISPATCH_ERROR, caused by gRPC's UNAVAILABLE status, arrives wrapped in a
     * CompletionException. The event store reports a lost connection with that status, or with the
     * categories CONNECTION_FAILED and NO_EVENT_STORE_MASTER_AVAILABLE, and Axon's own dispatch
     * failure carries the code of COMMAND_DISPATCH_ERROR. The chunk's receipts are rolled back with
     * its transaction. While no connection stands, no command left this node, so nothing was
     * recorded; whether an event can reach Axon Server when a connection breaks with a command in
     * flight could not be tried without a server (docs/operations.md).
     */
    private static boolean axonServerUnreachable(Throwable t) {
        if (t instanceof StatusRuntimeException status) {
            return status.getStatus().getCode() == Status.Code.UNAVAILABLE;
        }
        if (t instanceof io.axoniq.axonserver.connector.AxonServerException server) {
            return server.getErrorCategory() == ErrorCategory.COMMAND_DISPATCH_ERROR
                    || server.getErrorCategory() == ErrorCategory.CONNECTION_FAILED
                    || server.getErrorCategory() == ErrorCategory.NO_EVENT_STORE_MASTER_AVAILABLE;
        }
        if (t instanceof AxonServerCommandDispatchException dispatch) {
            return ErrorCode.COMMAND_DISPATCH_ERROR.errorCode().equals(dispatch.getErrorCode());
        }
        if (t instanceof org.axonframework.axonserver.connector.AxonServerException server) {
            return server.errorCode() == ErrorCode.CONNECTION_FAILED
                    || server.errorCode() == ErrorCode.NO_EVENT_STORE_MASTER_AVAILABLE;
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(5L * attempt * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying", e);
        }
    }
}
