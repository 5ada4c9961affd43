package dev.iotsdk.provisioning;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.iotsdk.auth.TlsMaterialException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 item 7: a Java caller catches each documented exception type at the call that throws it. The test methods
 * declare no {@code throws} clause: this compiles only because iotsdk's exceptions are unchecked and the checked
 * {@link IOException} of the credentials store is declared where it is thrown.
 */
class CatchWhereThrownJavaTest {
    @TempDir Path dir;

    @Test
    void aDamagedStoreIsAnIOExceptionAtLoad() {
        Path file = dir.resolve("identity.pem");
        try {
            Files.writeString(file, "not an identity file");
        } catch (IOException e) {
            fail(e);
        }
        try {
            new PemCredentialsStore(file).load();
            fail("no exception");
        } catch (IOException e) {
            assertNotNull(e.getMessage());
        }
    }

    @Test
    void unusablePemIsATlsMaterialException() {
        DeviceCredentials credentials = new DeviceCredentials("thing-1", "cert-1", "not a certificate", "not a key");
        try {
            credentials.tlsIdentity();
            fail("no exception");
        } catch (TlsMaterialException e) {
            assertNotNull(e.getMessage());
        }
    }

    @Test
    void anIncompleteConfigurationIsAnIllegalArgumentException() {
        try {
            FleetProvisioningConfig.builder().build();
            fail("no exception");
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
        }
    }
}
