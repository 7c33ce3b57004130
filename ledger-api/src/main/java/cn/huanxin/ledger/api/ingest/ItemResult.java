package cn.huanxin.ledger.api.ingest;

import org.springframework.http.ProblemDetail;

/** The outcome of one posted event: a receipt (201 new, 200 repeat) or a problem. */
public record ItemResult(int status, Receipt receipt, ProblemDetail problem) {

    static ItemResult created(Receipt receipt) {
        return new ItemResult(201, receipt, null);
    }

    static ItemResult repeated(Receipt receipt) {
        return new ItemResult(200, receipt, null);
    }

    public static ItemResult refused(ProblemDetail problem) {
        return new ItemResult(problem.getStatus(), null, problem);
    }

    /** Whether this result recorded a new event (201), as opposed to answering a repeat or refusing. */
    public boolean isNew() {
        return status == 201 && receipt != null;
    }

    public boolean recorded() {
        return receipt != null;
    }
}
