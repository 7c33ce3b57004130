package cn.huanxin.ledger.api.web;

import org.springframework.http.ProblemDetail;

/** Thrown by controllers to answer with a ready problem (400, 403, 404, 413 …). */
public class RequestProblem extends RuntimeException {

    private final transient ProblemDetail problem;

    public RequestProblem(ProblemDetail problem) {
        super(problem.getDetail(), null, false, false);
        this.problem = problem;
    }

    public ProblemDetail problem() {
        return problem;
    }
}
