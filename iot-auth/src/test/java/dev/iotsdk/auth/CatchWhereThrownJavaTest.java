package dev.iotsdk.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;

/**
 * A Java caller catches each documented exception type at the call that throws it. The test methods declare no
 * {@code throws} clause: this file compiles only because iotsdk's exceptions are unchecked.
 */
class CatchWhereThrownJavaTest {
    @Test
    void tlsIdentityFromPemFiles() {
        try {
            TlsIdentity.fromPemFiles(Path.of("/nonexistent/cert.pem"), Path.of("/nonexistent/key.pem"));
            fail("no exception");
        } catch (TlsMaterialException e) {
            assertNotNull(e.getMessage());
            assertFalse(e.isRetryable());
        }
    }

    @Test
    void tlsIdentityFromPem() {
        try {
            TlsIdentity.fromPem("not a certificate", "not a key");
            fail("no exception");
        } catch (TlsMaterialException e) {
            assertNotNull(e.getMessage());
        }
    }

    @Test
    void tlsIdentityFromPkcs12() {
        try {
            TlsIdentity.fromPkcs12(Path.of("/nonexistent/device.p12"), "pw".toCharArray());
            fail("no exception");
        } catch (TlsMaterialException e) {
            assertNotNull(e.getMessage());
        }
    }

    @Test
    void tlsIdentityFromKeyStore() {
        KeyStore empty;
        try {
            empty = KeyStore.getInstance("PKCS12");
            empty.load(null, null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        try {
            TlsIdentity.fromKeyStore(empty, null);
            fail("no exception");
        } catch (TlsMaterialException e) {
            assertNotNull(e.getMessage());
        }
    }

    @Test
    void trustMaterialFromPem() {
        try {
            TrustMaterial.fromPem("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
            fail("no exception");
        } catch (TlsMaterialException e) {
            assertNotNull(e.getMessage());
        }
    }

    @Test
    void trustMaterialFromPemFile() {
        try {
            TrustMaterial.fromPemFile(Path.of("/nonexistent/ca.pem"));
            fail("no exception");
        } catch (TlsMaterialException e) {
            assertNotNull(e.getMessage());
        }
    }

    @Test
    void everyTypeIsAnIotSdkException() {
        try {
            TlsIdentity.fromPem("x", "y");
            fail("no exception");
        } catch (dev.iotsdk.common.IotClientException e) {
            assertNotNull(e.getMessage());
        }
    }
}
