package cn.huanxin.ledger.api.web;

import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of a WebJar, read from the WebJar itself, so that upgrading one is a change to the POM alone. */
final class WebJars {

    private WebJars() {
    }

    static String version(String groupId, String artifactId) {
        ClassPathResource about = new ClassPathResource("META-INF/maven/" + groupId + "/" + artifactId
                + "/pom.properties");
        try (InputStream in = about.getInputStream()) {
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version");
            if (version == null || version.isBlank()) {
                throw new IllegalStateException("the WebJar names no version in " + about.getPath());
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("the WebJar " + groupId + ":" + artifactId + " is not on the classpath", e);
        }
    }
}
