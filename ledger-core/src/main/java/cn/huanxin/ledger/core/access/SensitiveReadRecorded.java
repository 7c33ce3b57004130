package cn.huanxin.ledger.core.access;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.serialization.Revision;

import java.util.Objects;

/**
 * A sensitive read: a client looked at a person's chain, took an evidence bundle, ran or read an
 * investigation, or read the history of a stream that bears personal refs. Recorded on its own
 * stream {@code access:{accessId}} before the answer is served, so that the seal covers every read
 * and none can be removed without verification noticing. The subject is named by pseudonym or
 * stream id only, never by a raw personal value. The views of funds, fraud and supervision ignore
 * these facts: a read changes no balance, raises no alert and moves no event-time clock.
 *
 * @param accessId    the read's own id (a UUID)
 * @param actor       the client that read
 * @param role        the client's role when it read
 * @param endpoint    the endpoint, as method and path pattern ({@code GET /api/v1/trace/{kind}/{ref}})
 * @param subjectKind what was read: {@code person}, a trace kind, {@code stream} or {@code investigation}
 * @param subjectRef  which: a person's pseudonym, a stream id, a subject's ref, an investigation id
 */
@Revision("1")
public record SensitiveReadRecorded(String accessId, String actor, String role, String endpoint, String subjectKind,
                                    String subjectRef) implements LedgerFact {

    public SensitiveReadRecorded {
        Objects.requireNonNull(accessId, "accessId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(subjectKind, "subjectKind");
        Objects.requireNonNull(subjectRef, "subjectRef");
    }

    @Override
    public StreamId streamId() {
        return StreamId.of(StreamKind.ACCESS, accessId);
    }
}
