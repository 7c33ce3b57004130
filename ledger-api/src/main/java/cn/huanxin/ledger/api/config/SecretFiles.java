package cn.huanxin.ledger.api.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Keys the default profile generates into the data directory (the pseudonym key, the checkpoint
 * signing key): written once, durably, readable by the owner only, and never overwritten — when
 * two processes race, the first file wins and both read it.
 */
public final class SecretFiles {

    private static final Logger log = LoggerFactory.getLogger(SecretFiles.class);

    private SecretFiles() {
    }

    /**
     * Creates {@code file} with {@code content} (ASCII) unless it exists.
     *
     * @return whether this call created it
     */
    public static boolean createOnce(Path file, String content) {
        if (Files.exists(file)) {
            return false;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException raced) {
            log.debug("Another process created {} first", file);
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file, e);
        }
        try {
            Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            log.warn("Cannot restrict the permissions of {} on this file system", file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the permissions of " + file, e);
        }
        return true;
    }
}
