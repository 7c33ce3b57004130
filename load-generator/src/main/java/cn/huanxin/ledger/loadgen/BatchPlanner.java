package cn.huanxin.ledger.loadgen;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a plan into batches that respect causal order.
 *
 * <p>The setup is cut into consecutive batches that are posted one after another. The cases are
 * packed whole into batches, so that no batch needs a stream created by another batch that may still
 * be in flight; such batches may be posted concurrently. A case longer than a batch is split over
 * consecutive batches of one {@link Group}, which a single worker posts in order.
 */
public final class BatchPlanner {

    private BatchPlanner() {
    }

    /** Events posted in one request. */
    public record Batch(List<GeneratedEvent> events) {

        public Batch {
            events = List.copyOf(events);
        }

        /** The request body: a JSON array of the envelopes. */
        public byte[] body() {
            int size = 2 + events.size();
            for (GeneratedEvent e : events) {
                size += e.json().length;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(size);
            out.write('[');
            for (int i = 0; i < events.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.writeBytes(events.get(i).json());
            }
            out.write(']');
            return out.toByteArray();
        }
    }

    /** Batches that must be posted in order, each after the previous one was acknowledged. */
    public record Group(List<Batch> batches) {

        public Group {
            batches = List.copyOf(batches);
        }
    }

    /** The setup, cut into consecutive batches to be posted sequentially. */
    public static List<Batch> setupBatches(EventPlan plan, int batchSize) {
        List<Batch> out = new ArrayList<>();
        List<GeneratedEvent> setup = plan.setup();
        for (int from = 0; from < setup.size(); from += batchSize) {
            out.add(new Batch(setup.subList(from, Math.min(setup.size(), from + batchSize))));
        }
        return out;
    }

    /** The cases, packed whole into independent groups. */
    public static List<Group> caseGroups(EventPlan plan, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        List<Group> out = new ArrayList<>();
        List<GeneratedEvent> current = new ArrayList<>();
        for (List<GeneratedEvent> c : plan.cases()) {
            if (c.size() > batchSize) {
                if (!current.isEmpty()) {
                    out.add(new Group(List.of(new Batch(current))));
                    current = new ArrayList<>();
                }
                List<Batch> chain = new ArrayList<>();
                for (int from = 0; from < c.size(); from += batchSize) {
                    chain.add(new Batch(c.subList(from, Math.min(c.size(), from + batchSize))));
                }
                out.add(new Group(chain));
                continue;
            }
            if (current.size() + c.size() > batchSize) {
                out.add(new Group(List.of(new Batch(current))));
                current = new ArrayList<>();
            }
            current.addAll(c);
        }
        if (!current.isEmpty()) {
            out.add(new Group(List.of(new Batch(current))));
        }
        return out;
    }
}
