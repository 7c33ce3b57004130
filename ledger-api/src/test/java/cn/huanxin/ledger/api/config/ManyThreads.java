package cn.huanxin.ledger.api.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/** For tests of id makers: what several threads make at once, each calling the maker many times. */
public final class ManyThreads {

    private ManyThreads() {
    }

    /** Every distinct value that {@code threads} threads made, each calling {@code make} {@code each} times. */
    public static Set<String> distinct(Supplier<String> make, int threads, int each) throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    Set<String> own = new HashSet<>();
                    for (int i = 0; i < each; i++) {
                        own.add(make.get());
                    }
                    seen.addAll(own);
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return seen;
    }
}
