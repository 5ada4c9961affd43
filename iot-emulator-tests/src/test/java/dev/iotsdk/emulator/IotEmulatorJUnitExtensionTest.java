package dev.iotsdk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JUnit 5 extension and the Java view of the admin API. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class IotEmulatorJUnitExtensionTest {
    private final IotEmulator fromConstructor;

    IotEmulatorJUnitExtensionTest(IotEmulator emulator) {
        this.fromConstructor = emulator;
    }

    @Test
    void injectsOneEmulatorPerClass(IotEmulator emulator) {
        assertSame(fromConstructor, emulator);
        assertEquals("localhost", emulator.getEndpoint());
        assertTrue(emulator.getMqttPort() > 0);
        assertTrue(Files.exists(emulator.getCaPath()));
    }

    @Test
    void javaAdminApi(IotEmulator emulator) {
        DeviceIdentity device = emulator.registerThing("java-thing");
        assertEquals(64, device.getCertificateId().length());
        emulator.createPolicy("java-policy", IotEmulatorConfig.ALLOW_ALL_POLICY);
        emulator.attachPolicy("java-policy", device.getCertificateId());
        emulator.setCertificateStatus(device.getCertificateId(), CertificateStatus.INACTIVE);
        EmulatorCredentials credentials = emulator.registerCredentials("AKIAJAVA", "secret");
        assertEquals("AKIAJAVA", credentials.getAccessKeyId());
        emulator.registerAuthorizer(new CustomAuthorizer("java-auth", "token", null, false,
            request -> AuthorizerResult.allow("javaPrincipal")));
        assertTrue(emulator.connectedClients().isEmpty());
    }

    @Test
    void builderAndBlockingAwait() throws Exception {
        IotEmulatorConfig config = IotEmulatorConfig.builder().region("eu-west-1").enablePlainPort(false).build();
        try (IotEmulator emulator = IotEmulator.start(config)) {
            assertEquals("eu-west-1", emulator.getRegion());
            assertEquals(null, emulator.getPlainPort());
            try (java.net.Socket socket = new java.net.Socket("localhost", emulator.getPort443())) {
                socket.getOutputStream().write("not TLS".getBytes());
                socket.getOutputStream().flush();
                socket.getInputStream().read();
            } catch (java.io.IOException ignored) {
                // the emulator closes the connection
            }
            EmulatorEvent event = emulator.awaitEventBlocking(Duration.ofSeconds(10),
                e -> e instanceof EmulatorEvent.ConnectionRefused);
            assertNotNull(event);
        }
    }
}
