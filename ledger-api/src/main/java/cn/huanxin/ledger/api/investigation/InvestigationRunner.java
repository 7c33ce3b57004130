package cn.huanxin.ledger.api.investigation;

import cn.huanxin.ledger.api.config.DatabaseAvailability;
import cn.huanxin.ledger.api.config.LedgerMetrics;
import cn.huanxin.ledger.api.config.LedgerProperties;
import cn.huanxin.ledger.api.fraud.PolicyProperties;
import cn.huanxin.ledger.core.common.RegionTable;
import cn.huanxin.ledger.projections.fraud.AlertsView;
import cn.huanxin.ledger.projections.source.EventSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs investigations in the background, at most {@code concurrency} at once and {@code queue}
 * waiting; a request beyond that is refused (503) rather than queued without limit.
 * <p>
 * A run reads the event table from the start up to the head position it found when it started, in
 * keyset pages; feeds the events of its slice (and region) to a scratch fraud view; writes its
 * progress at most once a second; and at the end copies the alerts out of the scratch database into
 * the main one and deletes the scratch database.
 * <p>
 * A process that dies leaves its investigations QUEUED or RUNNING. Each process has a runner id and
 * refreshes a heartbeat on its unfinished investigations; an unfinished investigation of another
 * runner whose heartbeat is older than {@code staleAfter} is marked FAILED — at start, and
 * periodically, so that with several ledger instances on one database a live instance's runs are
 * never taken for dead ones.
 * <p>
 * For operators: {@code ledger.investigations.queued} and {@code ledger.investigations.running} count
 * this node's investigations by state, and {@code ledger.investigations.events.read} grows with every
 * page read, so its rate is the runs' speed.
 */
@Component
class InvestigationRunner {

    private static final Logger log = LoggerFactory.getLogger(InvestigationRunner.class);
    static final String ABANDONED = "the ledger stopped before this investigation finished; nothing of it was kept, "
            + "start it again";
    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int ALERT_PAGE = 1_000;

    private final String runnerId = UUID.randomUUID().toString();
    private final InvestigationProperties properties;
    private final InvestigationRepository repository;
    private final EventTableReader events;
    private final RuleCatalog catalog;
    private final PolicyProperties policy;
    private final RegionTable regions;
    private final Path scratchDirectory;
    private final DataSource database;
    private final boolean scratchSchemas;
    private final Semaphore slots;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService heartbeat;
    private final Counter eventsRead;

    InvestigationRunner(InvestigationProperties properties, InvestigationRepository repository,
                        EventTableReader events, RuleCatalog catalog, PolicyProperties policy, RegionTable regions,
                        LedgerProperties ledger, DataSource database, MeterRegistry meters) {
        this.properties = properties;
        this.repository = repository;
        this.events = events;
        this.catalog = catalog;
        this.policy = policy;
        this.regions = regions;
        this.scratchDirectory = (properties.scratchDirectory() != null ? properties.scratchDirectory()
                : ledger.dataDir().resolve("investigations")).toAbsolutePath().normalize();
        this.database = database;
        this.scratchSchemas = isPostgres(database);
        this.slots = new Semaphore(properties.concurrency() + properties.queue());
        AtomicInteger threads = new AtomicInteger();
        // The semaphore bounds the queue; the executor's own queue never refuses what it admits.
        this.executor = new ThreadPoolExecutor(properties.concurrency(), properties.concurrency(), 0,
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, "investigation-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "investigation-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        this.eventsRead = Counter.builder(LedgerMetrics.INVESTIGATIONS_EVENTS_READ.name())
                .description(LedgerMetrics.INVESTIGATIONS_EVENTS_READ.description()).register(meters);
        Gauge.builder(LedgerMetrics.INVESTIGATIONS_QUEUED.name(), executor, running -> running.getQueue().size())
                .description(LedgerMetrics.INVESTIGATIONS_QUEUED.description()).register(meters);
        Gauge.builder(LedgerMetrics.INVESTIGATIONS_RUNNING.name(), executor, ThreadPoolExecutor::getActiveCount)
                .description(LedgerMetrics.INVESTIGATIONS_RUNNING.description()).register(meters);
        clearScratchDirectory();
    }

    /** Marks what an earlier process left unfinished as FAILED and starts the heartbeat. */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        recover();
        long every = properties.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    /** Deletes scratch databases a crashed process left behind; none of this process exists yet. */
    private void clearScratchDirectory() {
        try {
            if (Files.isDirectory(scratchDirectory)) {
                try (var leftovers = Files.list(scratchDirectory)) {
                    for (Path leftover : leftovers.toList()) {
                        FileSystemUtils.deleteRecursively(leftover);
                    }
                }
            }
        } catch (IOException e) {
            log.warn("Cannot clear scratch databases left in {}: {}", scratchDirectory, e.toString());
        }
    }

    /**
     * Marks FAILED the unfinished investigations of runners that are gone, and drops the scratch
     * schemas of investigations no live runner is working on; returns how many were marked.
     */
    int recover() {
        int abandoned = repository.abandon(runnerId, properties.staleAfter(), ABANDONED);
        if (abandoned > 0) {
            log.warn("Marked {} investigations left unfinished by a stopped ledger as FAILED", abandoned);
        }
        if (scratchSchemas) {
            int dropped = ScratchView.dropLeftoverSchemas(new JdbcTemplate(database), repository::unfinished);
            if (dropped > 0) {
                log.warn("Dropped {} scratch schemas left behind by a stopped ledger", dropped);
            }
        }
        return abandoned;
    }

    private static boolean isPostgres(DataSource database) {
        try (Connection connection = database.getConnection()) {
            return "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tell which database the ledger runs on", e);
        }
    }

    private void beat() {
        try {
            repository.heartbeat(runnerId);
            recover();
        } catch (RuntimeException e) {
            // An outage of the database has its one line in the log already (DatabaseAvailability).
            if (DatabaseAvailability.isUnavailable(e)) {
                log.debug("Investigation heartbeat failed: {}", e.toString());
            } else {
                log.warn("Investigation heartbeat failed: {}", e.toString());
            }
        }
    }

    /**
     * Records and queues an investigation.
     *
     * @return its id, or empty when the runners and the queue are full (nothing is recorded then)
     */
    Optional<String> submit(InvestigationRequest request, String requestedBy) {
        if (!slots.tryAcquire()) {
            return Optional.empty();
        }
        String id = UUID.randomUUID().toString();
        try {
            repository.insert(id, request, requestedBy, runnerId);
            executor.execute(() -> {
                try {
                    run(id, request);
                } finally {
                    slots.release();
                }
            });
            return Optional.of(id);
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    private void run(String id, InvestigationRequest request) {
        try {
            long head = events.head();
            repository.started(id, Math.max(0, head));
            long read = 0;
            long matched = 0;
            long waiting = 0;
            long deciding = 0;
            long found;
            long[] heldAndWritten;
            try (ScratchView scratch = scratchSchemas
                    ? ScratchView.openSchema(database, id, catalog.rules(request.overrides()), policy.table(), regions,
                    catalog.evidenceBound(), catalog.memoryBound(), properties.rowsHeld(),
                    properties.writesHeld().toBytes(), properties.ruleThreads(),
                    properties.pageSize())
                    : ScratchView.openFile(scratchDirectory, id, catalog.rules(request.overrides()), policy.table(),
                    regions, catalog.evidenceBound(), catalog.memoryBound(), properties.rowsHeld(),
                    properties.pageSize())) {
                RegionScope region = request.regionCode() == null ? null
                        : new RegionScope(request.regionCode(), scratch.jdbc(), events::firstOfStream);
                long reported = System.nanoTime();
                // The next page is read (PostgreSQL sends it, its events are decoded) on a thread of its
                // own while the rules decide the current one: two pages in memory at most.
                ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "investigation-reader");
                    thread.setDaemon(true);
                    return thread;
                });
                try {
                    Future<EventTableReader.Page> next = reader.submit(() -> events.page(EventSource.BEFORE_FIRST,
                            head,
                            properties.pageSize(), request.slice()));
                    while (next != null) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw new InterruptedException();
                        }
                        long started = System.nanoTime();
                        EventTableReader.Page page = awaitPage(next);
                        long decided = System.nanoTime();
                        waiting += decided - started;
                        if (page.read() == 0) {
                            break;
                        }
                        read += page.read();
                        eventsRead.increment(page.read());
                        long after = page.last();
                        next = after < head ? reader.submit(() -> events.page(after, head, properties.pageSize(),
                                request.slice())) : null;
                        matched += scratch.feed(page.events(), region == null ? e -> true
                                : e -> region.includes(e.fact()));
                        deciding += System.nanoTime() - decided;
                        if (System.nanoTime() - reported >= PROGRESS_EVERY_NANOS) {
                            repository.progress(id, read, matched,
                                    head <= 0 ? 1.0 : Math.min(1.0, (double) after / head));
                            reported = System.nanoTime();
                        }
                    }
                } finally {
                    reader.shutdownNow();
                }
                found = copyAlerts(id, scratch);
                heldAndWritten = scratch.heldAndWritten();
            }
            // Completed only once the scratch database is closed and deleted: a finished run has left
            // nothing on disk, and a scratch database that cannot be deleted fails the run instead.
            repository.completed(id, read, matched, found);
            log.info("Investigation {} completed: {} events read, {} in the slice, {} alerts; {} ms waiting "
                    + "for pages, {} ms deciding; rules' rows held at the end {} KiB, written after being held {} KiB",
                    id, read, matched, found, TimeUnit.NANOSECONDS.toMillis(waiting),
                    TimeUnit.NANOSECONDS.toMillis(deciding), heldAndWritten[0] / 1024, heldAndWritten[1] / 1024);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            repository.failed(id, ABANDONED);
        } catch (RuntimeException | Error e) {
            if (executor.isShutdown()) {
                // Stopping the ledger interrupts the run, which the database driver may report as any failure.
                repository.failed(id, ABANDONED);
                return;
            }
            log.error("Investigation {} failed", id, e);
            repository.failed(id, "the investigation failed unexpectedly (" + e.getClass().getSimpleName()
                    + "); the ledger's log has the details");
        }
    }

    /** The page the reader thread read, or what stopped it. */
    private static EventTableReader.Page awaitPage(Future<EventTableReader.Page> page) throws InterruptedException {
        try {
            return page.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("reading a page of history failed", e.getCause());
        }
    }

    private long copyAlerts(String id, ScratchView scratch) {
        long seq = 0;
        String afterKey = null;
        do {
            AlertsView page = scratch.alerts(afterKey, ALERT_PAGE);
            if (!page.items().isEmpty()) {
                repository.alerts(id, seq + 1, page.items());
                seq += page.items().size();
            }
            afterKey = page.nextKey();
        } while (afterKey != null);
        return seq;
    }

    @PreDestroy
    void stop() throws InterruptedException {
        heartbeat.shutdownNow();
        executor.shutdownNow();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            log.warn("Investigations still running at shutdown; they will be marked FAILED at the next start");
        }
    }

    int retryAfterSeconds() {
        return properties.retryAfterSeconds();
    }
}
