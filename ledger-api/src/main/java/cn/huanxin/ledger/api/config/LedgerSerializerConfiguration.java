package cn.huanxin.ledger.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Axon's serializer, with the ledger's facts stored under the names of {@link EventTypeNames}.
 *
 * <p>This replaces only the general serializer that Axon's auto-configuration would build for
 * {@code axon.serializer.general: jackson}: the same Jackson serializer on the same object mapper,
 * as a {@link LedgerSerializer}. Because application.yml sets Jackson for messages and events as
 * well, the auto-configuration then hands this one instance out as the message and the event
 * serializer too, exactly as it shared its own before; {@code LedgerSerializerTest} checks that the
 * event serializer is this one.
 */
@Configuration(proxyBeanMethods = false)
public class LedgerSerializerConfiguration implements BeanClassLoaderAware {

    private ClassLoader beanClassLoader;

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.beanClassLoader = classLoader;
    }

    @Bean
    @Primary
    public Serializer serializer(@Qualifier("defaultAxonObjectMapper") ObjectMapper objectMapper,
                                 RevisionResolver revisionResolver) {
        return LedgerSerializer.create(objectMapper, revisionResolver, beanClassLoader, EventTypeNames.ledger());
    }
}
