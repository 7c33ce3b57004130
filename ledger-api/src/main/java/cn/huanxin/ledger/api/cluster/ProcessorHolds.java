package cn.huanxin.ledger.api.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processors this node keeps stopped on purpose, each for the rebuild request that asked for
 * it: the watchdog restarts every other processor that is not running, and these only once their
 * request has ended.
 */
final class ProcessorHolds {

    private final Map<String, String> requestByProcessor = new ConcurrentHashMap<>();

    /** Holds the processor for the request; false when it is held for another one already. */
    boolean hold(String processor, String requestId) {
        return requestByProcessor.putIfAbsent(processor, requestId) == null
                || requestId.equals(requestByProcessor.get(processor));
    }

    void release(String processor, String requestId) {
        requestByProcessor.remove(processor, requestId);
    }

    boolean held(String processor) {
        return requestByProcessor.containsKey(processor);
    }

    Optional<String> requestOf(String processor) {
        return Optional.ofNullable(requestByProcessor.get(processor));
    }

    Map<String, String> all() {
        return Map.copyOf(requestByProcessor);
    }
}
