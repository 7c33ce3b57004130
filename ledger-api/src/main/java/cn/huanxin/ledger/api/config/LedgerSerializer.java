package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.projections.source.FlatMetadata;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.SerializationException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

import java.util.Map;
import java.util.Optional;

/**
 * Axon's Jackson serializer with one difference: a ledger fact is stored under the name that
 * {@link EventTypeNames} gives it, not under its class name, and a stored name found there is read
 * back as its fact class. Everything else Axon serializes (tracking tokens, metadata, its own
 * messages) keeps Axon's naming by class.
 *
 * <p>In Axon 4.13 these are the only two places where {@code JacksonSerializer} turns a class into
 * a name or back: {@code serialize} names what it wrote with {@link #typeForClass(Class)}, and
 * {@code deserialize}, like the lazily deserialized payload of every stored event that an event
 * processor or an aggregate reads, finds the class with {@link #classForType(SerializedType)}. The
 * JSON itself carries no type information, so the payload bytes are the same as before.
 *
 * <p>And one shortcut: stored metadata of the ledger's plain shape (a JSON object of plain ASCII
 * strings, which is what the ledger writes) is read by {@link FlatMetadata} instead of Jackson's
 * parser, into the same map; anything else goes to the parser as before. Every view reads every
 * event's metadata, and the parser's map was 16 % of a supervision rebuild's CPU. Such metadata is
 * written by {@link FlatMetadata#write} too, into the bytes Jackson would write for it.
 */
public class LedgerSerializer extends JacksonSerializer {

    private static final String META_DATA = MetaData.class.getName();

    private final EventTypeNames names;

    protected LedgerSerializer(Builder builder, EventTypeNames names) {
        super(builder);
        this.names = names;
    }

    /**
     * Built as Axon's auto-configuration builds its Jackson serializer (the given object mapper, the
     * revision resolver, a chaining converter on the application's class loader), with the stored
     * names of {@code names}.
     */
    public static LedgerSerializer create(ObjectMapper objectMapper, RevisionResolver revisionResolver,
                                          ClassLoader classLoader, EventTypeNames names) {
        return new LedgerSerializer(JacksonSerializer.builder()
                .revisionResolver(revisionResolver)
                .converter(new ChainingConverter(classLoader))
                .objectMapper(objectMapper), names);
    }

    /**
     * The stored name and revision of a ledger fact; Axon's default for any other class. A ledger
     * fact without a stored name is refused rather than stored under its class name, which would tie
     * the stored events to wherever the class happens to live.
     */
    @Override
    @SuppressWarnings("rawtypes")
    public SerializedType typeForClass(Class type) {
        if (type != null) {
            Optional<String> storedName = names.storedName(type);
            if (storedName.isPresent()) {
                return new SimpleSerializedType(storedName.get(), getRevisionResolver().revisionOf(type));
            }
            if (LedgerFact.class.isAssignableFrom(type)) {
                throw new SerializationException("the ledger fact " + type.getName() + " has no stored name; "
                        + "add one to " + EventTypeNames.class.getSimpleName());
            }
        }
        return super.typeForClass(type);
    }

    /** Metadata of the plain shape as Jackson writes it, without Jackson; anything else as Axon serializes it. */
    @Override
    @SuppressWarnings("unchecked")
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object instanceof MetaData metaData && byte[].class.equals(expectedRepresentation)) {
            byte[] plain = FlatMetadata.write(metaData);
            if (plain != null) {
                return new SimpleSerializedObject<>((T) plain, expectedRepresentation, typeForClass(MetaData.class));
            }
        }
        return super.serialize(object, expectedRepresentation);
    }

    /** Stored metadata of the plain shape without the parser; anything else as Axon deserializes it. */
    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        if (META_DATA.equals(serializedObject.getType().getName())) {
            Map<String, String> plain = FlatMetadata.members(
                    getConverter().convert(serializedObject, byte[].class).getData());
            if (plain != null) {
                return (T) MetaData.from(plain);
            }
        }
        return super.deserialize(serializedObject);
    }

    /** The fact class of a stored name; Axon's default (the name is a class name) for any other. */
    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        Optional<Class<? extends LedgerFact>> factType = names.factType(type.getName());
        if (factType.isPresent()) {
            return factType.get();
        }
        return super.classForType(type);
    }
}
