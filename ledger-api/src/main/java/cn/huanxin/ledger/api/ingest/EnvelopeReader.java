package cn.huanxin.ledger.api.ingest;

import cn.huanxin.ledger.api.config.LedgerProperties;
import cn.huanxin.ledger.api.security.LedgerClient;
import cn.huanxin.ledger.api.security.Pseudonymizer;
import cn.huanxin.ledger.api.web.FieldError;
import cn.huanxin.ledger.api.web.Problems;
import cn.huanxin.ledger.core.common.AsciiForms;
import cn.huanxin.ledger.core.common.CanonicalJson;
import cn.huanxin.ledger.core.common.IsoTimes;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.RegionTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one posted JSON envelope into an {@link Envelope}, or into the problem that refuses it:
 * 400 with every field error, or 403 {@code TYPE_NOT_ALLOWED}. Nothing here touches the store.
 */
@Component
public class EnvelopeReader {

    /** An event id: 1–128 of {@code [A-Za-z0-9._:-]}. */
    private static final int MAX_EVENT_ID = 128;
    private static final Set<String> ENVELOPE_FIELDS = Set.of("eventId", "type", "occurredAt", "payload");

    private final EventTypeCatalog catalog;
    private final RegionTable regions;
    private final Pseudonymizer pseudonymizer;
    private final ObjectMapper storedJson;
    private final Clock clock;
    private final long futureSkewSeconds;

    public EnvelopeReader(EventTypeCatalog catalog, LedgerProperties properties, RegionTable regions,
                          Pseudonymizer pseudonymizer, @Qualifier("defaultAxonObjectMapper") ObjectMapper storedJson,
                          Clock clock) {
        this.catalog = catalog;
        this.regions = regions;
        this.pseudonymizer = pseudonymizer;
        this.storedJson = storedJson;
        this.clock = clock;
        this.futureSkewSeconds = properties.ingest().futureSkewSeconds();
    }

    /** Either an envelope or the result that refuses it. */
    public record Outcome(Envelope envelope, ItemResult refusal) {
    }

    public Outcome read(JsonNode node, LedgerClient client) {
        List<FieldError> errors = new ArrayList<>();
        if (!(node instanceof ObjectNode)) {
            return refuse(Problems.invalid("", "must be a JSON object (an event envelope)"));
        }
        String eventId = text(node, "eventId", errors);
        if (eventId != null && !AsciiForms.idChars(eventId, 1, MAX_EVENT_ID)) {
            errors.add(new FieldError("eventId", "must be 1-128 characters of [A-Za-z0-9._:-]"));
            eventId = null;
        }
        String typeName = text(node, "type", errors);
        Optional<EventTypeCatalog.EventType> type = typeName == null ? Optional.empty() : catalog.find(typeName);
        if (typeName != null && type.isEmpty()) {
            errors.add(new FieldError("type", "is not a known event type"));
        }
        if (type.isPresent() && !client.mayPost(typeName)) {
            return refuse(Problems.withCode(HttpStatus.FORBIDDEN, "TYPE_NOT_ALLOWED", "Type not allowed",
                    "client " + client.name() + " may not post " + typeName + " events"));
        }
        Instant occurredAt = occurredAt(node, errors);
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!ENVELOPE_FIELDS.contains(name)) {
                errors.add(new FieldError(name, "is not a field of the envelope"));
            }
        }
        LedgerFact fact = null;
        if (type.isPresent()) {
            PayloadFields payload = PayloadFields.of(node.get("payload"), "payload",
                    new PayloadFields.Context(errors, regions, pseudonymizer));
            if (payload != null) {
                fact = type.get().reader().apply(payload);
            }
        } else if (node.get("payload") == null || !node.get("payload").isObject()) {
            errors.add(new FieldError("payload", "is required to be a JSON object"));
        }
        if (!errors.isEmpty() || fact == null) {
            return refuse(Problems.invalid(errors.isEmpty()
                    ? List.of(new FieldError("payload", "is invalid")) : errors));
        }
        String payloadSha256 = CanonicalJson.sha256Hex(CanonicalJson.canonicalize(storedJson.valueToTree(fact)));
        return new Outcome(new Envelope(eventId, type.get(), occurredAt, fact, payloadSha256), null);
    }

    /**
     * An envelope for a fact the ledger records on its own behalf (an auditor's disposition): the
     * fact is built by the ledger, so only its stored form and hash are computed here.
     */
    public Envelope internal(String eventId, EventTypeCatalog.EventType type, Instant occurredAt, LedgerFact fact) {
        String payloadSha256 = CanonicalJson.sha256Hex(CanonicalJson.canonicalize(storedJson.valueToTree(fact)));
        return new Envelope(eventId, type, occurredAt, fact, payloadSha256);
    }

    private Instant occurredAt(JsonNode node, List<FieldError> errors) {
        String text = text(node, "occurredAt", errors);
        if (text == null) {
            return null;
        }
        Instant occurredAt;
        try {
            occurredAt = IsoTimes.offsetTime(text);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("occurredAt", "must be an ISO-8601 time with an offset, "
                    + "e.g. 2024-06-01T10:15:00+08:00"));
            return null;
        }
        if (occurredAt.isAfter(clock.instant().plusSeconds(futureSkewSeconds))) {
            errors.add(new FieldError("occurredAt", "must not be more than " + futureSkewSeconds / 60
                    + " minutes in the future"));
            return null;
        }
        return occurredAt;
    }

    private static String text(JsonNode node, String name, List<FieldError> errors) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            errors.add(new FieldError(name, "is required"));
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(name, "must be a string"));
            return null;
        }
        return value.textValue();
    }

    private static Outcome refuse(org.springframework.http.ProblemDetail problem) {
        return new Outcome(null, ItemResult.refused(problem));
    }
}
