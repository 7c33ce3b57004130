package cn.huanxin.ledger.api.web;

/** The event store cannot be reached; nothing of the request was recorded and the client should retry. */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
