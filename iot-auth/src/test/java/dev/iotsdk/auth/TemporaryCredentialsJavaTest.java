package dev.iotsdk.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.common.HttpEngine;
import dev.iotsdk.emulator.DeviceIdentity;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.emulator.IotEmulatorJUnitExtension;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The temporary-credentials providers built and resolved from Java, on both HTTP engines. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class TemporaryCredentialsJavaTest {
    @Test
    void iotCredentialsProviderOnOkHttpFromJava(IotEmulator emulator) throws Exception {
        emulator.createRoleAlias("java-role", "arn:aws:iam::" + emulator.getAccountId() + ":role/java");
        DeviceIdentity device = emulator.registerThing("java-creds");
        try (IotCredentialsProvider provider = IotCredentialsProvider.builder()
                .endpoint(emulator.getEndpoint() + ":" + emulator.getPort8443())
                .roleAlias("java-role")
                .thingName(device.getThingName())
                .identity(TlsIdentity.fromPem(device.getCertificatePem(), device.getPrivateKeyPem(), null))
                .trust(TrustMaterial.fromPemFile(emulator.getCaPath()))
                .engine(HttpEngine.OKHTTP)
                .requestTimeout(Duration.ofSeconds(5))
                .build()) {
            assertEquals(HttpEngine.OKHTTP, provider.getEngine());
            Credentials credentials = CredentialsProviders.resolveAsync(provider).get(30, TimeUnit.SECONDS);
            assertTrue(credentials.getAccessKeyId().startsWith("ASIA"));
        }
    }

    @Test
    void cognitoErrorsArriveTypedThroughTheFuture(IotEmulator emulator) {
        String closed = emulator.createIdentityPool("java-closed", false);
        try (CognitoCredentialsProvider cognito = CognitoCredentialsProvider.builder()
                .identityPoolId(closed)
                .endpoint("https://localhost:" + emulator.getPort443())
                .trust(TrustMaterial.fromPemFile(emulator.getCaPath()))
                .engine(HttpEngine.JAVA)
                .build()) {
            CompletionException e = assertThrows(CompletionException.class, () -> CredentialsProviders.resolveAsync(cognito).join());
            CredentialsNotAuthorizedException refused = assertInstanceOf(CredentialsNotAuthorizedException.class, e.getCause());
            assertEquals("NotAuthorizedException", refused.getErrorCode());
            assertEquals(Integer.valueOf(403), refused.getStatusCode());
        }
    }
}
