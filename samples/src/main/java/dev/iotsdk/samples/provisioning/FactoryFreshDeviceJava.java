package dev.iotsdk.samples.provisioning;

import dev.iotsdk.auth.TlsIdentity;
import dev.iotsdk.auth.TrustMaterial;
import dev.iotsdk.core.ConnectionType;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.core.Qos;
import dev.iotsdk.emulator.ClaimCertificate;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.emulator.ProvisioningTemplate;
import dev.iotsdk.provisioning.CertificateMethod;
import dev.iotsdk.provisioning.FleetProvisioning;
import dev.iotsdk.provisioning.FleetProvisioningConfig;
import dev.iotsdk.provisioning.KeyType;
import dev.iotsdk.provisioning.PemCredentialsStore;
import dev.iotsdk.provisioning.ProvisionedDevice;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Java sample: a factory-fresh device provisions itself by claim against the in-process emulator and publishes with
 * its new identity. Run with
 * {@code mvn -B -q -pl samples -am -DskipTests compile exec:java -Dexec.mainClass=dev.iotsdk.samples.provisioning.FactoryFreshDeviceJava}.
 */
public final class FactoryFreshDeviceJava {
    private FactoryFreshDeviceJava() {
    }

    /** Runs the sample. */
    public static void main(String[] args) throws Exception {
        try (IotEmulator emulator = IotEmulator.start()) {
            // the cloud side: a template and the claim certificate every device ships with
            emulator.createPolicy("device", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}]}");
            emulator.createProvisioningTemplate(new ProvisioningTemplate("factory", "sensor-{SerialNumber}", Map.of("SerialNumber", "[0-9]+"), "device"));
            ClaimCertificate claim = emulator.issueClaimCertificate("factory");

            // the device side
            IotMqttClientConfig claimConnection = IotMqttClientConfig.builder()
                .endpoint(emulator.getEndpoint())
                .port(emulator.getMqttPort())
                .connectionType(new ConnectionType.MutualTls(TlsIdentity.fromPemFiles(claim.getCertificatePath(), claim.getPrivateKeyPath(), null)))
                .trust(TrustMaterial.fromPemFile(emulator.getCaPath()))
                .clientId("factory-fresh-java")
                .build();
            FleetProvisioning provisioning = new FleetProvisioning(FleetProvisioningConfig.builder()
                .claim(claimConnection)
                .templateName("factory")
                .parameters(Map.of("SerialNumber", "7"))
                .store(new PemCredentialsStore(emulator.getDataDirectory().resolve("identity.pem")))
                .certificateMethod(new CertificateMethod.GenerateCsr(KeyType.EC_P256))
                .listener(step -> System.out.println("  step done: " + step))
                .build());
            try (ProvisionedDevice device = provisioning.asJava().connectOrProvision().get(30, TimeUnit.SECONDS)) {
                String thing = device.getCredentials().getThingName();
                System.out.println("provisioned as " + thing);
                device.getClient().asJava()
                    .publish("telemetry/" + thing, "{\"firstBoot\":true}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                    .get(10, TimeUnit.SECONDS);
                System.out.println(thing + " published with its new identity");
            }
        }
    }
}
