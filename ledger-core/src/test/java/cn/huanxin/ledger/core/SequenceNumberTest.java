package cn.huanxin.ledger.core;

import cn.huanxin.ledger.core.appliance.RecordApplianceCollectedCommand;
import cn.huanxin.ledger.core.appliance.RecordApplianceHandedOverCommand;
import cn.huanxin.ledger.core.common.StreamExistsException;
import cn.huanxin.ledger.core.common.StreamId;
import cn.huanxin.ledger.core.enterprise.RecordEnterpriseRegisteredCommand;
import cn.huanxin.ledger.core.enterprise.RecordQualificationGrantedCommand;
import cn.huanxin.ledger.core.equipment.RecordEquipmentRenewedCommand;
import cn.huanxin.ledger.core.fund.RecordFundAppropriatedCommand;
import cn.huanxin.ledger.core.fund.RecordFundOpenedCommand;
import cn.huanxin.ledger.core.invoice.RecordReverseInvoiceIssuedCommand;
import cn.huanxin.ledger.core.invoice.RecordReverseInvoiceVoidedCommand;
import cn.huanxin.ledger.core.subsidy.RecordSubsidyGrantedCommand;
import cn.huanxin.ledger.core.subsidy.RecordSubsidyPaidCommand;
import cn.huanxin.ledger.core.vehicle.RecordVehicleScrappedCommand;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.AggregateRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import cn.huanxin.ledger.core.alert.AlertDispositioned;
import cn.huanxin.ledger.core.alert.Disposition;
import cn.huanxin.ledger.core.alert.RecordAlertDispositionedCommand;

import static cn.huanxin.ledger.core.Facts.RECYCLER_ID;
import static cn.huanxin.ledger.core.Facts.VIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sequence number a handler returns becomes part of the receipt, so it must be the sequence
 * number under which the event store actually filed the event. This runs every aggregate behind a
 * real command bus and event-sourcing repository (the fixture would hide a stream loaded from the
 * store) and compares the returned numbers with the stored ones.
 */
class SequenceNumberTest {

    private static final String FUND_ID = "F-2024-HA-TRADEIN";

    private EventStore eventStore;
    private CommandGateway gateway;

    /** The creating command and a follow-up for every stream kind that has one. */
    static Stream<Arguments> creatingAndFollowUpCommands() {
        return Stream.of(
                Arguments.of(new RecordFundOpenedCommand(Facts.fundOpened(FUND_ID)),
                        new RecordFundAppropriatedCommand(Facts.fundAppropriated(FUND_ID))),
                Arguments.of(new RecordSubsidyGrantedCommand(Facts.subsidyGranted("S-320812-000001", FUND_ID)),
                        new RecordSubsidyPaidCommand(Facts.subsidyPaid("S-320812-000001"))),
                Arguments.of(new RecordVehicleScrappedCommand(Facts.vehicleScrapped(VIN, "320800-2024-000417")),
                        new RecordVehicleScrappedCommand(Facts.vehicleScrapped(VIN, "320800-2024-000902"))),
                Arguments.of(new RecordApplianceCollectedCommand(Facts.applianceCollected("R-320812-000731")),
                        new RecordApplianceHandedOverCommand(Facts.applianceHandedOver("R-320812-000731"))),
                Arguments.of(new RecordReverseInvoiceIssuedCommand(Facts.reverseInvoiceIssued("24322000000087654321")),
                        new RecordReverseInvoiceVoidedCommand(Facts.reverseInvoiceVoided("24322000000087654321"))),
                Arguments.of(new RecordEnterpriseRegisteredCommand(Facts.enterpriseRegistered(RECYCLER_ID)),
                        new RecordQualificationGrantedCommand(Facts.qualificationGranted(RECYCLER_ID))),
                Arguments.of(new RecordAlertDispositionedCommand(new AlertDispositioned("a1b2c3",
                                Disposition.ESCALATED, "needs a field check", "auditor")),
                        new RecordAlertDispositionedCommand(new AlertDispositioned("a1b2c3",
                                Disposition.CONFIRMED, "field check found no appliance", "discipline"))));
    }

    @BeforeEach
    void setUp() {
        eventStore = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        CommandBus commandBus = SimpleCommandBus.builder().build();
        aggregateTypes().forEach(type -> subscribe(type, commandBus));
        gateway = DefaultCommandGateway.builder().commandBus(commandBus).build();
    }

    @Test
    void everyAggregateIsCovered() {
        Set<String> aggregateTypeNames = aggregateTypes().stream()
                                                         .map(type -> type.getAnnotation(AggregateRoot.class).type())
                                                         .collect(Collectors.toSet());
        Set<String> coveredStreamKinds = Stream.concat(
                        creatingAndFollowUpCommands().map(arguments -> streamOf(arguments.get()[0]).kind().prefix()),
                        // a sensitive read is a stream of one event, its sequence 0 shown by SensitiveReadRecordedTest
                        Stream.of(streamOf(equipmentRenewal()).kind().prefix(),
                                cn.huanxin.ledger.core.common.StreamKind.ACCESS.prefix()))
                                               .collect(Collectors.toSet());

        assertThat(aggregateTypeNames).hasSize(9).isEqualTo(coveredStreamKinds);
    }

    @ParameterizedTest
    @MethodSource("creatingAndFollowUpCommands")
    void returnsSequenceZeroForCreationAndOneForFollowUp(Object creatingCommand, Object followUpCommand) {
        long created = gateway.sendAndWait(creatingCommand);
        long followedUp = gateway.sendAndWait(followUpCommand);

        assertThat(created).isZero();
        assertThat(followedUp).isEqualTo(1L);
        assertThat(storedSequenceNumbers(streamOf(creatingCommand))).containsExactly(0L, 1L);
    }

    @Test
    void equipmentRenewalReturnsSequenceZeroAndHasNoFollowUp() {
        long created = gateway.sendAndWait(equipmentRenewal());

        assertThat(created).isZero();
        assertThatThrownBy(() -> gateway.sendAndWait(equipmentRenewal()))
                .hasRootCauseInstanceOf(StreamExistsException.class);
        assertThat(storedSequenceNumbers(streamOf(equipmentRenewal()))).containsExactly(0L);
    }

    @Test
    void sequenceKeepsCountingAcrossLoadsFromTheStore() {
        String subsidyId = "S-320812-000002";
        gateway.sendAndWait(new RecordFundOpenedCommand(Facts.fundOpened(FUND_ID)));

        long granted = gateway.sendAndWait(new RecordSubsidyGrantedCommand(Facts.subsidyGranted(subsidyId, FUND_ID)));
        long paid = gateway.sendAndWait(new RecordSubsidyPaidCommand(Facts.subsidyPaid(subsidyId)));
        long overPaid = gateway.sendAndWait(
                new RecordSubsidyPaidCommand(Facts.subsidyPaid(subsidyId, "PAY-20240906-0002", "999.80")));

        assertThat(List.of(granted, paid, overPaid)).containsExactly(0L, 1L, 2L);
        assertThat(storedSequenceNumbers(StreamId.parse("subsidy:" + subsidyId))).containsExactly(0L, 1L, 2L);
    }

    private static RecordEquipmentRenewedCommand equipmentRenewal() {
        return new RecordEquipmentRenewedCommand(Facts.equipmentRenewed("EQ-2024-320800-0042"));
    }

    private List<Long> storedSequenceNumbers(StreamId streamId) {
        return eventStore.readEvents(streamId.toString())
                         .asStream()
                         .map(DomainEventMessage::getSequenceNumber)
                         .collect(Collectors.toList());
    }

    /** Every command record names its stream in its first component, {@code streamId}. */
    private static StreamId streamOf(Object command) {
        try {
            return (StreamId) command.getClass().getRecordComponents()[0].getAccessor().invoke(command);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> void subscribe(Class<T> aggregateType, CommandBus commandBus) {
        EventSourcingRepository<T> repository = EventSourcingRepository.builder(aggregateType)
                                                                       .eventStore(eventStore)
                                                                       .build();
        AggregateAnnotationCommandHandler.<T>builder()
                                         .aggregateType(aggregateType)
                                         .repository(repository)
                                         .build()
                                         .subscribe(commandBus);
    }

    /**
     * The aggregates are package-private, so they are found by their annotation among the compiled
     * main classes rather than named here; a new aggregate then fails {@link #everyAggregateIsCovered()}.
     */
    private static List<Class<?>> aggregateTypes() {
        String packagePath = SequenceNumberTest.class.getPackageName().replace('.', '/');
        List<Class<?>> found = new ArrayList<>();
        try {
            for (URL root : Collections.list(SequenceNumberTest.class.getClassLoader().getResources(packagePath))) {
                if (!"file".equals(root.getProtocol())) {
                    continue;
                }
                Path base = Paths.get(root.toURI());
                try (Stream<Path> files = Files.walk(base)) {
                    for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                        String relative = base.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                        String className = SequenceNumberTest.class.getPackageName() + "."
                                + relative.substring(0, relative.length() - ".class".length());
                        Class<?> type = Class.forName(className, false, SequenceNumberTest.class.getClassLoader());
                        if (type.isAnnotationPresent(AggregateRoot.class)) {
                            found.add(type);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}
