package cn.huanxin.ledger.projections.fraud;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work the engine handed to other threads. */
final class Joined {

    private Joined() {
    }

    /**
     * The results of every future, in order, once all have ended; or, once all have ended, the first
     * failure — {@code earlier} if there was one (the caller's own part), else the first future's —
     * so that no thread still works with the rules' memories when the caller learns of it.
     *
     * @param what what failed, for a failure that is neither a runtime exception nor an error
     */
    static <T> List<T> all(List<CompletableFuture<T>> futures, Throwable earlier, String what) {
        List<T> results = new ArrayList<>(futures.size());
        Throwable failure = earlier;
        for (CompletableFuture<T> future : futures) {
            try {
                results.add(future.join());
            } catch (CompletionException e) {
                failure = failure != null ? failure : e.getCause();
            }
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw new IllegalStateException(what, failure);
        }
        return results;
    }
}
