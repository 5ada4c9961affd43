package dev.iotsdk.greengrass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.auth.TlsIdentity;
import dev.iotsdk.auth.TrustMaterial;
import dev.iotsdk.core.MqttMessage;
import dev.iotsdk.emulator.DeviceIdentity;
import dev.iotsdk.emulator.EmulatorEvent;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.emulator.greengrass.EmulatedGreengrassGroup;
import dev.iotsdk.model.greengrass.DiscoveryInfo;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Greengrass Java view against the emulator, written the way a Java user would. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class GreengrassDiscoveryClientJavaTest {
    private static GreengrassDiscoveryConfig config(IotEmulator emulator, DeviceIdentity device) {
        return GreengrassDiscoveryConfig.builder()
            .endpoint(emulator.getEndpoint())
            .port(emulator.getPort8443())
            .identity(TlsIdentity.fromPem(device.getCertificatePem(), device.getPrivateKeyPem(), null))
            .trust(TrustMaterial.fromPem(emulator.getCaCertificatePem()))
            .timeout(Duration.ofSeconds(30))
            .build();
    }

    @Test
    void discoversConnectsToTheCoreAndPublishes(IotEmulator emulator) throws Exception {
        DeviceIdentity device = emulator.registerThing("gg-java");
        EmulatedGreengrassGroup group = emulator.getGreengrass().createGroup("gg-java-group");
        emulator.getGreengrass().addThingToGroup("gg-java", group.getGroupId());
        emulator.getGreengrass().startCore(group.getGroupId());
        try (GreengrassDiscoveryClientJava discovery = GreengrassDiscoveryClient.create(config(emulator, device)).asJava()) {
            DiscoveryInfo info = discovery.discover("gg-java").join();
            assertEquals(List.of(group.getGroupId()), List.copyOf(info.getGroupsById().keySet()));
            assertEquals(Duration.ofSeconds(30), discovery.asKotlin().getConfig().timeoutJava());
            assertEquals(Duration.ofMillis(500), discovery.asKotlin().getConfig().retryBaseDelayJava());
            assertEquals(Duration.ofSeconds(10), discovery.asKotlin().getConfig().retryMaxDelayJava());
            CoreConnectOptions options = CoreConnectOptions.builder().attemptTimeout(Duration.ofSeconds(20)).build();
            assertEquals(Duration.ofSeconds(20), options.attemptTimeoutJava());
            CoreConnection connection = discovery.connectToCore(info, "gg-java", options).join();
            try (var client = connection.getClient().asJava()) {
                client.publish(MqttMessage.text("gg/java", "hi")).join();
                emulator.awaitEventBlocking(Duration.ofSeconds(10),
                    e -> e instanceof EmulatorEvent.MessagePublished && ((EmulatorEvent.MessagePublished) e).getTopic().equals("gg/java"));
            }
            assertTrue(connection.getFailedAttempts().isEmpty());
        }
    }

    @Test
    void aThingInNoGroupFailsTheFutureWithDataNotFound(IotEmulator emulator) {
        DeviceIdentity device = emulator.registerThing("gg-java-alone");
        try (GreengrassDiscoveryClientJava discovery = GreengrassDiscoveryClient.create(config(emulator, device)).asJava()) {
            CompletionException e = assertThrows(CompletionException.class, () -> discovery.discover("gg-java-alone").join());
            assertInstanceOf(DiscoveryDataNotFoundException.class, e.getCause());
        }
    }
}
