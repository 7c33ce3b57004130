package cn.huanxin.ledger.api.config;

import cn.huanxin.ledger.core.common.EnterpriseId;
import cn.huanxin.ledger.core.common.FundId;
import cn.huanxin.ledger.core.common.LedgerFact;
import cn.huanxin.ledger.core.common.LedgerJson;
import cn.huanxin.ledger.core.common.Money;
import cn.huanxin.ledger.core.common.RegionCode;
import cn.huanxin.ledger.core.common.SubsidyId;
import cn.huanxin.ledger.core.fund.FundOpened;
import cn.huanxin.ledger.core.fund.FundSource;
import cn.huanxin.ledger.core.fund.Scheme;
import cn.huanxin.ledger.core.subsidy.Beneficiary;
import cn.huanxin.ledger.core.subsidy.Programme;
import cn.huanxin.ledger.core.subsidy.SubsidyGranted;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration;
import org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration;
import org.axonframework.springboot.autoconfig.InfraConfiguration;
import org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's serializer decouples what is stored from where the fact classes live: a fact class
 * registered under another stored name is written and read back under that name, the payload bytes
 * are Axon's Jackson rendering as before, and a row stored with today's name is read back through
 * the JDBC event store. And the application's event serializer is this serializer.
 */
class LedgerSerializerTest {

    private static final String FUND = "HA-2024-CTI-CB-01";
    private static final String DEALER_ID = "91350100M000100Y43";

    /** What the ledger stored before stored names were explicit: Axon's Jackson serializer on the same mapper. */
    private final Serializer axonDefault = JacksonSerializer.builder().objectMapper(LedgerJson.newObjectMapper())
            .build();

    private final LedgerSerializer ledger = serializer(EventTypeNames.ledger());

    /** As if FundOpened had moved and been given a stored name unrelated to any class. */
    private final LedgerSerializer moved = serializer(new EventTypeNames(List.of(
            new EventTypeNames.EventTypeName("huanxin.fund.opened", FundOpened.class))));

    private JdbcTemplate jdbc;
    private JdbcDataSource dataSource;

    @BeforeEach
    void migrate() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:serializer-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @Test
    void aFactRegisteredUnderAnotherStoredNameRoundTripsUnderThatName() {
        FundOpened opened = fundOpened();

        SerializedObject<byte[]> written = moved.serialize(opened, byte[].class);

        assertThat(written.getType().getName()).isEqualTo("huanxin.fund.opened");
        assertThat(written.getType().getRevision()).isEqualTo("1");
        assertThat(written.getData()).isEqualTo(axonDefault.serialize(opened, byte[].class).getData());
        assertThat(moved.classForType(written.getType())).isEqualTo(FundOpened.class);
        assertThat((Object) moved.deserialize(written)).isEqualTo(opened);
    }

    @Test
    void theLedgersStoredNamesAndBytesAreThoseAxonWroteByClassName() {
        for (LedgerFact fact : List.of(fundOpened(), subsidyGranted())) {
            SerializedObject<byte[]> before = axonDefault.serialize(fact, byte[].class);

            SerializedObject<byte[]> now = ledger.serialize(fact, byte[].class);

            assertThat(now.getType()).isEqualTo(before.getType());
            assertThat(now.getData()).isEqualTo(before.getData());
            assertThat((Object) ledger.deserialize(before)).isEqualTo(fact);
        }
    }

    @Test
    void theJdbcEventStoreStoresAndReadsTheRegisteredName() {
        JdbcEventStorageEngine engine = engine(moved);
        FundOpened opened = fundOpened();

        engine.appendEvents(event("fund:" + FUND, opened));

        Map<String, Object> row = jdbc.queryForMap("SELECT payload_type, payload_revision, payload "
                + "FROM domain_event_entry WHERE aggregate_identifier = ?", "fund:" + FUND);
        assertThat(row.get("PAYLOAD_TYPE")).isEqualTo("huanxin.fund.opened");
        assertThat(row.get("PAYLOAD_REVISION")).isEqualTo("1");
        assertThat((byte[]) row.get("PAYLOAD")).isEqualTo(axonDefault.serialize(opened, byte[].class).getData());
        assertThat(payloads(engine, "fund:" + FUND)).containsExactly(opened);
    }

    @Test
    void theJdbcEventStoreWritesTodaysNamesAndReadsRowsWrittenByClassName() {
        FundOpened opened = fundOpened();
        SubsidyGranted granted = subsidyGranted();
        // Written as before stored names were explicit: Axon's serializer naming the payload by its class.
        engine(axonDefault).appendEvents(event("fund:" + FUND, opened));
        JdbcEventStorageEngine engine = engine(ledger);

        engine.appendEvents(event(granted.streamId().toString(), granted));

        assertThat(jdbc.queryForList("SELECT payload_type FROM domain_event_entry ORDER BY global_index",
                String.class)).containsExactly("cn.huanxin.ledger.core.fund.FundOpened",
                "cn.huanxin.ledger.core.subsidy.SubsidyGranted");
        assertThat(payloads(engine, "fund:" + FUND)).containsExactly(opened);
        assertThat(payloads(engine, granted.streamId().toString())).containsExactly(granted);
    }

    /**
     * With the settings of application.yml, Axon's auto-configuration gives the ledger's serializer
     * out as the general, the message and the event serializer: every event is written through it.
     */
    @Test
    void theApplicationsSerializersAreTheLedgerSerializer() {
        new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withConfiguration(AutoConfigurations.of(AxonAutoConfiguration.class,
                        AxonTracingAutoConfiguration.class, EventProcessingAutoConfiguration.class,
                        InfraConfiguration.class, NoOpTransactionAutoConfiguration.class))
                .withUserConfiguration(AxonConfiguration.class)
                .withBean(EventStorageEngine.class, InMemoryEventStorageEngine::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Serializer general = context.getBean(Serializer.class);
                    assertThat(general).isInstanceOf(LedgerSerializer.class);
                    assertThat(context.getBean("eventSerializer")).isSameAs(general);
                    assertThat(context.getBean("messageSerializer")).isSameAs(general);
                    assertThat(context.getBean(org.axonframework.config.Configuration.class).eventSerializer())
                            .isSameAs(general);
                });
    }

    private JdbcEventStorageEngine engine(Serializer serializer) {
        return JdbcEventStorageEngine.builder()
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .connectionProvider(dataSource::getConnection)
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(new AxonConfiguration().eventSchema())
                .build();
    }

    private static List<Object> payloads(JdbcEventStorageEngine engine, String streamId) {
        return engine.readEvents(streamId).asStream().<Object>map(DomainEventMessage::getPayload).toList();
    }

    private static DomainEventMessage<?> event(String streamId, LedgerFact fact) {
        return new GenericDomainEventMessage<>("Aggregate", streamId, 0, fact);
    }

    private static LedgerSerializer serializer(EventTypeNames names) {
        return LedgerSerializer.create(LedgerJson.newObjectMapper(), new AnnotationRevisionResolver(),
                LedgerSerializerTest.class.getClassLoader(), names);
    }

    private static FundOpened fundOpened() {
        return new FundOpened(FundId.of(FUND), "2024年淮安市消费品以旧换新超长期特别国债资金", 2024,
                Scheme.CONSUMER_TRADE_IN, FundSource.CENTRAL_BOND, RegionCode.of("320800"), "HCJ-2024-118");
    }

    private static SubsidyGranted subsidyGranted() {
        return new SubsidyGranted(SubsidyId.of("S-320812-000001"), FundId.of(FUND), RegionCode.of("320826"),
                Programme.EQUIPMENT_RENEWAL, Beneficiary.enterprise(EnterpriseId.of(DEALER_ID)), null, null, null,
                Money.parse("999.80"), null, null, null);
    }
}
