package cn.huanxin.ledger.loadgen;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts a generated, valid, realistic sequence of events through the batch API and reports the
 * ingest rate.
 *
 * <pre>
 * java -jar load-generator/target/load-generator.jar --url http://127.0.0.1:18080 \
 *      --user importer --password importer-demo --events 100000 --batch-size 1000 \
 *      --concurrency 2 --seed 42 [--run-id R1] [--timeout-seconds 120] [--dump events.ndjson] [--plant]
 * </pre>
 *
 * <p>The last line on standard output is parsable by scripts:
 * {@code RESULT events=100000 seconds=12.34 events_per_s=8103 batches=101 batch_ms_median=230
 * batch_ms_p95=410 failures=0 concurrency=2 batch_size=1000 run_id=LG...}. The exit status is 0 only
 * if every event was recorded (201, or 200 on a retried batch); 1 on any failure; 2 on bad arguments.
 */
public final class LoadGenerator {

    private static final int MAX_PROBLEMS_SHOWN = 5;

    private LoadGenerator() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(Options.USAGE);
            return;
        }
        System.exit(run(options));
    }

    static int run(Options o) {
        long genStart = System.nanoTime();
        EventPlan plan = new EventGenerator(o.runId, o.seed, o.plant).generate(o.events);
        System.err.printf(Locale.ROOT, "generated %d events (%d setup, %d cases) for run %s in %.2f s%n",
                plan.size(), plan.setup().size(), plan.cases().size(), o.runId, (System.nanoTime() - genStart) / 1e9);
        for (EventPlan.Planted planted : plan.planted()) {
            System.err.println("PLANTED rule=" + planted.ruleId() + " subject=" + planted.subjectKind() + ":"
                    + planted.subjectRef() + (planted.window() == null ? "" : " window=" + planted.window()));
        }

        if (o.dump != null) {
            try (OutputStream out = Files.newOutputStream(o.dump)) {
                for (GeneratedEvent e : plan.all()) {
                    out.write(e.json());
                    out.write('\n');
                }
            } catch (IOException e) {
                System.err.println("error: cannot write " + o.dump + ": " + e.getMessage());
                return 1;
            }
            System.err.println("wrote " + plan.size() + " events to " + o.dump + " (nothing posted)");
            return 0;
        }

        List<BatchPlanner.Batch> setup = BatchPlanner.setupBatches(plan, o.batchSize);
        List<BatchPlanner.Group> groups = BatchPlanner.caseGroups(plan, o.batchSize);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        BatchPoster poster = new BatchPoster(client, o.url, o.user, o.password, Duration.ofSeconds(o.timeoutSeconds));
        Tally tally = new Tally(plan.size());

        long start = System.nanoTime();
        for (BatchPlanner.Batch batch : setup) {
            if (!tally.record(poster.post(batch), start)) {
                break;
            }
        }
        if (!tally.aborted.get()) {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(o.concurrency);
            for (int w = 0; w < o.concurrency; w++) {
                pool.execute(() -> {
                    while (!tally.aborted.get()) {
                        int i = next.getAndIncrement();
                        if (i >= groups.size()) {
                            return;
                        }
                        for (BatchPlanner.Batch batch : groups.get(i).batches()) {
                            if (!tally.record(poster.post(batch), start)) {
                                return;
                            }
                        }
                    }
                });
            }
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    // keep waiting; every batch is bounded by its timeout and retries
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        long notPosted = plan.size() - tally.postedEvents.get();
        long failures = tally.failures.get() + notPosted;
        if (notPosted > 0) {
            System.err.println("not posted: " + notPosted + " events (stopped after a request failed as a whole)");
        }
        List<Long> millis = new ArrayList<>(tally.batchMillis);
        Collections.sort(millis);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", plan.size());
        result.put("seconds", String.format(Locale.ROOT, "%.2f", seconds));
        result.put("events_per_s", Math.round(plan.size() / Math.max(seconds, 1e-9)));
        result.put("batches", millis.size());
        result.put("batch_ms_median", percentile(millis, 0.50));
        result.put("batch_ms_p95", percentile(millis, 0.95));
        result.put("failures", failures);
        result.put("retries", tally.retries.get());
        result.put("concurrency", o.concurrency);
        result.put("batch_size", o.batchSize);
        result.put("run_id", o.runId);
        StringBuilder line = new StringBuilder("RESULT");
        result.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
        System.out.flush();
        return failures == 0 ? 0 : 1;
    }

    /** Nearest-rank percentile; 0 for no data. */
    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.size());
        return sorted.get(Math.min(sorted.size(), Math.max(1, rank)) - 1);
    }

    /** Counts outcomes from all workers, prints progress and the first problems. */
    private static final class Tally {
        final int total;
        final AtomicLong postedEvents = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        final AtomicInteger problemsShown = new AtomicInteger();
        final AtomicBoolean aborted = new AtomicBoolean();
        final List<Long> batchMillis = Collections.synchronizedList(new ArrayList<>());
        private int nextProgressTenth = 1;

        Tally(int total) {
            this.total = total;
        }

        /** Records one outcome; false if posting should stop. */
        boolean record(BatchPoster.Outcome outcome, long startNanos) {
            batchMillis.add(outcome.millis());
            retries.addAndGet(outcome.tries() - 1L);
            long posted = postedEvents.addAndGet(outcome.events());
            failures.addAndGet(outcome.failed());
            for (String problem : outcome.problems()) {
                int n = problemsShown.incrementAndGet();
                if (n > MAX_PROBLEMS_SHOWN) {
                    break;
                }
                System.err.println("PROBLEM " + n + ": " + problem);
            }
            synchronized (this) {
                if (nextProgressTenth <= 10 && posted * 10 >= (long) total * nextProgressTenth) {
                    while (nextProgressTenth <= 10 && posted * 10 >= (long) total * nextProgressTenth) {
                        nextProgressTenth++;
                    }
                    double s = (System.nanoTime() - startNanos) / 1e9;
                    System.err.printf(Locale.ROOT, "posted %d of %d events in %.1f s (%.0f events/s), %d failures%n",
                            posted, total, s, posted / Math.max(s, 1e-9), failures.get());
                }
            }
            if (outcome.whole()) {
                aborted.set(true);
                return false;
            }
            return true;
        }
    }

    /** Command-line options. */
    static final class Options {
        static final String USAGE = """
                usage: java -jar load-generator.jar [--url http://127.0.0.1:18080] [--user importer]
                         [--password importer-demo] [--events 100000] [--batch-size 1000] [--concurrency 2]
                         [--seed 42] [--run-id ID] [--timeout-seconds 120] [--dump FILE] [--plant]
                  --run-id     prefixes every event id and stream id (1-32 of [A-Za-z0-9._:-]);
                               default LG<yyyyMMdd>T<HHmmssSSS> from the current time
                  --dump FILE  write the generated events as NDJSON in posting order and post nothing
                  --plant      also plant one case each of rules R22 (a dealer lifts a model 25% in its
                               second month), R23 (a collected appliance's serial number sold new) and
                               R24 (a dealer's day of 60 grants after four weeks of 3), on top of --events
                               (about 800 events, in business-day order among the cases); the alerts they
                               must raise are printed to standard error as PLANTED lines""";

        String url = "http://127.0.0.1:18080";
        String user = "importer";
        String password = "importer-demo";
        int events = 100_000;
        int batchSize = 1000;
        int concurrency = 2;
        long seed = 42;
        String runId = "LG" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS"));
        int timeoutSeconds = 120;
        Path dump;
        boolean plant;

        /** Parses {@code --key value}, {@code --key=value} and {@code --plant}; null means help was asked for. */
        static Options parse(String[] args) {
            Options o = new Options();
            boolean run = CommandLine.parse(args, Set.of("plant"), (key, value) -> {
                switch (key) {
                    case "url" -> o.url = value;
                    case "user" -> o.user = value;
                    case "password" -> o.password = value;
                    case "events" -> o.events = CommandLine.positive(key, value);
                    case "batch-size" -> o.batchSize = CommandLine.positive(key, value);
                    case "concurrency" -> o.concurrency = CommandLine.positive(key, value);
                    case "seed" -> o.seed = CommandLine.integer(key, value);
                    case "run-id" -> o.runId = value;
                    case "timeout-seconds" -> o.timeoutSeconds = CommandLine.positive(key, value);
                    case "dump" -> o.dump = Path.of(value);
                    case "plant" -> o.plant = Boolean.parseBoolean(value);
                    default -> throw new IllegalArgumentException("unknown option --" + key);
                }
            });
            if (!run) {
                return null;
            }
            if (o.batchSize > 1000) {
                throw new IllegalArgumentException("--batch-size may be at most 1000 (the contract's limit)");
            }
            if (!EventGenerator.RUN_ID.matcher(o.runId).matches()) {
                throw new IllegalArgumentException("--run-id must be 1-32 of [A-Za-z0-9._:-]");
            }
            CommandLine.httpUrl(o.url);
            return o;
        }
    }
}
