package dev.iotsdk.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.auth.TlsIdentity;
import dev.iotsdk.auth.TrustMaterial;
import dev.iotsdk.core.ConnectionType;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.core.Qos;
import dev.iotsdk.emulator.ClaimCertificate;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.emulator.ProvisioningTemplate;
import dev.iotsdk.model.provisioning.CreateKeysAndCertificateResponse;
import dev.iotsdk.model.provisioning.RegisterThingResponse;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java views against the emulator, written the way a Java user would. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class FleetProvisioningJavaTest {

    private static IotMqttClientConfig claimConfig(IotEmulator emulator, ClaimCertificate claim, String clientId) {
        return IotMqttClientConfig.builder()
            .endpoint(emulator.getEndpoint())
            .port(emulator.getMqttPort())
            .connectionType(new ConnectionType.MutualTls(TlsIdentity.fromPem(claim.getCertificatePem(), claim.getPrivateKeyPem(), null)))
            .trust(TrustMaterial.fromPem(emulator.getCaCertificatePem()))
            .clientId(clientId)
            .build();
    }

    @Test
    void provisionsAndUsesTheClientFromJava(IotEmulator emulator) throws Exception {
        emulator.createPolicy("java-device", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}]}");
        emulator.createProvisioningTemplate(new ProvisioningTemplate("java", "java-{Serial}", Map.of("Serial", "[0-9]+"), "java-device"));
        Path dir = Files.createTempDirectory("java-provisioning");
        try {
            ClaimCertificate claim = emulator.issueClaimCertificate("java");

            IotMqttClient mqtt = IotMqttClient.create(claimConfig(emulator, claim, "java-claim-direct"));
            try {
                mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
                ProvisioningClientOptions options = new ProvisioningClientOptions(Duration.ofSeconds(20));
                assertEquals(Duration.ofSeconds(20), options.requestTimeoutJava());
                assertEquals(Duration.ofSeconds(30), new ProvisioningClientOptions().requestTimeoutJava());
                ProvisioningClientJava provisioning = new ProvisioningClient(mqtt, options).asJava();
                CreateKeysAndCertificateResponse keys = provisioning.createKeysAndCertificate().get(20, TimeUnit.SECONDS);
                RegisterThingResponse thing = provisioning.registerThing("java", keys.getCertificateOwnershipToken(), Map.of("Serial", "1"))
                    .get(20, TimeUnit.SECONDS);
                assertEquals("java-1", thing.getThingName());
                ExecutionException rejected = assertThrows(ExecutionException.class,
                    () -> provisioning.registerThing("java", "expired", Map.of("Serial", "2")).get(20, TimeUnit.SECONDS));
                assertEquals("InvalidCertificateOwnershipToken", assertInstanceOf(ProvisioningRejectedException.class, rejected.getCause()).getErrorCode());
                provisioning.close();
            } finally {
                mqtt.close();
            }

            FleetProvisioningConfig flowConfig = FleetProvisioningConfig.builder()
                .claim(claimConfig(emulator, claim, "java-claim-flow"))
                .templateName("java")
                .parameters(Map.of("Serial", "3"))
                .store(new PemCredentialsStore(dir.resolve("identity.pem")))
                .certificateMethod(new CertificateMethod.GenerateCsr(KeyType.RSA_2048))
                .requestTimeout(Duration.ofSeconds(25))
                .deviceConnection(b -> b.clientId(b.getClientId() + "-device").keepAlive(Duration.ofSeconds(77)))
                .build();
            assertEquals(Duration.ofSeconds(25), flowConfig.requestTimeoutJava());
            FleetProvisioning flow = new FleetProvisioning(flowConfig);
            try (ProvisionedDevice device = flow.asJava().connectOrProvision().get(30, TimeUnit.SECONDS)) {
                assertTrue(device.getProvisioned());
                assertEquals("java-3", device.getCredentials().getThingName());
                assertEquals("java-3-device", device.getClient().getConfig().getClientId());
                assertEquals(Duration.ofSeconds(77), device.getClient().getConfig().keepAliveJava());
                device.getClient().asJava().publish("telemetry/java-3", "hi".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                    .get(20, TimeUnit.SECONDS);
            }
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.delete(dir);
        }
    }
}
