package cn.huanxin.ledger.core.common;

import java.util.Objects;

/**
 * A natural person as the ledger knows one: only by the pseudonym of the ID number. Used for an old
 * vehicle's or appliance's owner and for a reverse invoice's seller.
 */
public record NaturalPerson(Pseudonym personRef) {

    public NaturalPerson {
        Objects.requireNonNull(personRef, "personRef");
    }
}
