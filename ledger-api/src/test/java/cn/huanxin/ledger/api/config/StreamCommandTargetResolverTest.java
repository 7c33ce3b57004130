package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.common.StreamKind;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.RegexPatternTypeFilter;

import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command's stream, as Axon's annotation resolver answers it, with the field found once. */
class StreamCommandTargetResolverTest {

    record Probe(@TargetAggregateIdentifier StreamId streamId, String fact) {
    }

    record Versioned(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long version) {
    }

    record Untargeted(String id) {
    }

    private final StreamCommandTargetResolver resolver = new StreamCommandTargetResolver();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    @Test
    void answersAsAxonsResolverDoes() {
        for (Object command : List.of(new Probe(StreamId.of(StreamKind.FUND, "HA-2024-01"), "x"),
                new Versioned("fund:HA-2024-02", 3L))) {
            VersionedAggregateIdentifier ours = resolver.resolveTarget(GenericCommandMessage.asCommandMessage(command));
            VersionedAggregateIdentifier theirs = axon.resolveTarget(GenericCommandMessage.asCommandMessage(command));
            assertThat(ours.getIdentifier()).isEqualTo(theirs.getIdentifier());
            assertThat(ours.getVersion()).isEqualTo(theirs.getVersion());
        }
        assertThat(resolver.resolveTarget(GenericCommandMessage.asCommandMessage(
                new Probe(StreamId.of(StreamKind.FUND, "HA-2024-01"), "x"))).getIdentifier()).isEqualTo("fund:HA-2024-01");
    }

    @Test
    void aCommandWithoutATargetIsRefusedAsAxonRefusesIt() {
        assertThatThrownBy(() -> resolver.resolveTarget(GenericCommandMessage.asCommandMessage(new Untargeted("x"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> resolver.resolveTarget(GenericCommandMessage.asCommandMessage(new Probe(null, "x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyCommandOfTheLedgerTakesTheFastPath() throws Exception {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new RegexPatternTypeFilter(Pattern.compile(".*Command")));
        List<Class<?>> commands = new java.util.ArrayList<>();
        for (var candidate : scanner.findCandidateComponents(AxonConfiguration.CORE_PACKAGE)) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            if (type.isRecord()) {
                commands.add(type);
            }
        }
        assertThat(commands).hasSizeGreaterThanOrEqualTo(19);
        for (Class<?> command : commands) {
            assertThat(StreamCommandTargetResolver.identifierGetter(command)).as(command.getName()).isNotNull();
        }
        assertThat(StreamCommandTargetResolver.identifierGetter(Versioned.class)).isNull();
        assertThat(StreamCommandTargetResolver.identifierGetter(Untargeted.class)).isNull();
    }
}
