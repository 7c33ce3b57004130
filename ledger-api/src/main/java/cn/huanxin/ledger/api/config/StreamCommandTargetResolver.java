package cn.huanxin.ledger.api.config;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;

/**
 * Which stream a command is for, as Axon's {@link AnnotationCommandTargetResolver} answers it (the
 * field marked {@link TargetAggregateIdentifier}, as a string, no version), with the field looked up
 * once per command class instead of on every command: Axon's resolver inspects the class's members
 * for the annotations each time, about a tenth of the time an ingestion thread spends in a command
 * (docs/performance.md). A class whose identifier is not a single annotated field, or that names a
 * version, is left to Axon's resolver.
 */
final class StreamCommandTargetResolver implements CommandTargetResolver {

    private final CommandTargetResolver annotations = AnnotationCommandTargetResolver.builder().build();

    private final ClassValue<MethodHandle> identifiers = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            return identifierGetter(type);
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Object payload = command.getPayload();
        MethodHandle getter = identifiers.get(payload.getClass());
        if (getter == null) {
            return annotations.resolveTarget(command);
        }
        Object identifier;
        try {
            identifier = getter.invoke(payload);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the target stream of " + payload.getClass().getName(), e);
        }
        if (identifier == null) {
            // Axon's resolver refuses a command without a target; let it say so in its own words.
            return annotations.resolveTarget(command);
        }
        return new VersionedAggregateIdentifier(identifier.toString(), null);
    }

    /**
     * The getter of a record's one component marked as the target, or null when Axon's resolver must
     * decide (not a record, no such component or more than one, a version named).
     */
    static MethodHandle identifierGetter(Class<?> type) {
        if (!type.isRecord()) {
            return null;
        }
        List<Field> marked = Arrays.stream(type.getDeclaredFields())
                .filter(field -> field.isAnnotationPresent(TargetAggregateIdentifier.class)).toList();
        boolean versioned = Arrays.stream(type.getDeclaredFields())
                .anyMatch(field -> field.isAnnotationPresent(TargetAggregateVersion.class));
        if (marked.size() != 1 || versioned) {
            return null;
        }
        try {
            Field field = marked.get(0);
            field.setAccessible(true);
            return MethodHandles.lookup().unreflectGetter(field)
                    .asType(MethodType.methodType(Object.class, Object.class));
        } catch (IllegalAccessException | RuntimeException e) {
            return null;
        }
    }

}
