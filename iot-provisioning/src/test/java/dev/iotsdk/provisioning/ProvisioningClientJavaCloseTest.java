package dev.iotsdk.provisioning;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.core.ConnectionType;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import dev.iotsdk.model.provisioning.CreateKeysAndCertificateResponse;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What closing a {@link ProvisioningClientJava} does to its futures. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class ProvisioningClientJavaCloseTest {

    @Test
    void closingCancelsPendingRequestsAndLaterOnesAtOnce(IotEmulator emulator) throws Exception {
        // never connected: the request waits in the offline queue, for up to a minute
        try (IotMqttClient offline = IotMqttClient.create(IotMqttClientConfig.builder()
                .endpoint(emulator.getEndpoint())
                .port(emulator.getPlainPort())
                .connectionType(new ConnectionType.Tcp())
                .clientId("java-provisioning-offline")
                .build())) {
            ProvisioningClientJava provisioning =
                new ProvisioningClient(offline, new ProvisioningClientOptions(Duration.ofMinutes(1))).asJava();
            CompletableFuture<CreateKeysAndCertificateResponse> pending = provisioning.createKeysAndCertificate();
            provisioning.close();
            assertThrows(CancellationException.class, () -> pending.get(10, TimeUnit.SECONDS));
            assertTrue(pending.isCancelled());
            assertTrue(provisioning.createKeysAndCertificate().isCancelled(), "a closed view's futures are cancelled at once");
        }
    }
}
