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
import dev.iotsdk.samples.SampleOptions;
import dev.iotsdk.samples.Transcript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Java sample: a factory-fresh device provisions itself by claim (Fleet Provisioning) and publishes with its new
 * identity. Without {@code --endpoint} it runs against the in-process emulator, which plays the cloud side; with
 * {@code --endpoint … --cert claim.pem.crt --key claim.private.key --template <name>} against AWS IoT. The flags are
 * {@link FactoryFreshDevice}'s; {@code --help} lists them. Run with
 * {@code mvn -B -q -pl samples -am -DskipTests compile exec:java -Dexec.mainClass=dev.iotsdk.samples.provisioning.FactoryFreshDeviceJava}.
 */
public final class FactoryFreshDeviceJava {
    private FactoryFreshDeviceJava() {
    }

    /** Runs the sample; exits 2 on bad flags, 1 when provisioning fails. */
    public static void main(String[] args) {
        SampleOptions options = SampleOptions.parseOrExit(args, SampleOptions.USAGE + "\n" + FactoryFreshDevice.USAGE,
            FactoryFreshDevice.FLAGS, true, Set.of("template"));
        Transcript out = new Transcript();
        SampleOptions.runOrExit(() -> run(options, out::say));
        out.say("done");
    }

    /** Provisions (or connects with a saved identity) as {@code options} say; returns the thing name. */
    public static String run(SampleOptions options, Consumer<String> say) throws Exception {
        Map<String, String> params = options.params().isEmpty() ? Map.of("SerialNumber", "0042") : options.params();
        String identity = options.extra("identity");
        String template = options.extra("template") != null ? options.extra("template") : "factory";
        if (options.getEndpoint() == null) {
            say.accept("FactoryFreshDeviceJava against the embedded emulator");
            try (IotEmulator emulator = IotEmulator.start()) {
                // the cloud side: a template and the claim certificate every device ships with
                emulator.createPolicy("device", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}]}");
                emulator.createProvisioningTemplate(new ProvisioningTemplate(template, "sensor-{SerialNumber}", Map.of("SerialNumber", "[0-9]+"), "device"));
                ClaimCertificate claim = emulator.issueClaimCertificate(template);
                say.accept("created template '" + template + "' and a claim certificate on the emulator");
                IotMqttClientConfig claimConnection = IotMqttClientConfig.builder()
                    .endpoint(emulator.getEndpoint())
                    .port(emulator.getMqttPort())
                    .connectionType(new ConnectionType.MutualTls(TlsIdentity.fromPemFiles(claim.getCertificatePath(), claim.getPrivateKeyPath(), null)))
                    .trust(TrustMaterial.fromPemFile(emulator.getCaPath()))
                    .clientId(options.getClientId() != null ? options.getClientId() : "factory-fresh-java")
                    .build();
                Path identityFile = identity != null ? Paths.get(identity) : emulator.getDataDirectory().resolve("provisioned-identity.pem");
                return provision(claimConnection, template, params, identityFile, say);
            }
        }
        say.accept("FactoryFreshDeviceJava against " + options.getEndpoint());
        IotMqttClientConfig.Builder claimConnection = IotMqttClientConfig.builder()
            .endpoint(options.getEndpoint())
            .connectionType(new ConnectionType.MutualTls(options.identity()))
            .trust(options.trust())
            .clientId(options.getClientId() != null ? options.getClientId() : "factory-fresh-" + UUID.randomUUID().toString().substring(0, 8));
        if (options.getPort() != null) claimConnection.port(options.getPort());
        return provision(claimConnection.build(), template, params, Paths.get(identity != null ? identity : "provisioned-identity.pem"), say);
    }

    /** The device side, the same against AWS IoT and the emulator. */
    private static String provision(IotMqttClientConfig claim, String template, Map<String, String> params, Path identityFile,
                                    Consumer<String> say) throws Exception {
        FleetProvisioning provisioning = new FleetProvisioning(FleetProvisioningConfig.builder()
            .claim(claim)
            .templateName(template)
            .parameters(params)
            .store(new PemCredentialsStore(identityFile))
            .certificateMethod(new CertificateMethod.GenerateCsr(KeyType.EC_P256))
            .listener(step -> say.accept("  device: step done: " + step))
            .build());
        say.accept("  device: connecting to " + claim.getEndpoint() + ":" + claim.getPort() + " (identity file " + identityFile + ")");
        try (ProvisionedDevice device = provisioning.asJava().connectOrProvision().get(60, TimeUnit.SECONDS)) {
            String thing = device.getCredentials().getThingName();
            say.accept(device.getProvisioned() ? "provisioned as " + thing : "already provisioned (identity file): connected as " + thing);
            device.getClient().asJava()
                .publish("telemetry/" + thing, "{\"firstBoot\":true}".getBytes(StandardCharsets.UTF_8), Qos.AT_LEAST_ONCE)
                .get(10, TimeUnit.SECONDS);
            say.accept(thing + " published with its own identity");
            return thing;
        }
    }
}
