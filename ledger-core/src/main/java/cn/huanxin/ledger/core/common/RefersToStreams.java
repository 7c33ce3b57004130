package cn.huanxin.ledger.core.common;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * A fact that refers to streams other than its own, which must already exist when it is recorded
 * (a subsidy is granted from a fund). An aggregate decides on its own stream only, so this rule
 * across streams is checked before the fact's command is sent, by the ingestion service, for every
 * fact that declares it here.
 */
public interface RefersToStreams {

    /** The streams this fact refers to, each of which must exist; derived from the fact's fields. */
    @JsonIgnore
    List<StreamReference> referencedStreams();
}
