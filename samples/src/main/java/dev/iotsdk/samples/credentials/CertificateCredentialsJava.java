package dev.iotsdk.samples.credentials;

import dev.iotsdk.auth.IotCredentialsProvider;
import dev.iotsdk.auth.TlsIdentity;
import dev.iotsdk.auth.TrustMaterial;
import dev.iotsdk.dataplane.IotDataPlaneClient;
import dev.iotsdk.dataplane.IotDataPlaneConfig;
import dev.iotsdk.emulator.DeviceIdentity;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.model.shadow.ShadowDocument;
import dev.iotsdk.samples.SampleOptions;
import java.util.concurrent.TimeUnit;

/**
 * A device in Java that gets temporary credentials from the AWS IoT credentials provider with its certificate and
 * reports its shadow over the HTTPS data plane. Without {@code --endpoint} it runs on an in-process emulator; with
 * {@code --endpoint … --credentials-endpoint … --role-alias … --thing … --cert … --key …} against AWS IoT. The flags
 * are {@link CertificateCredentials}'s; {@code --help} lists them.
 */
public final class CertificateCredentialsJava {
    private CertificateCredentialsJava() {
    }

    /** Runs the sample; exits 2 on bad flags, 1 when a step fails. */
    public static void main(String[] args) {
        SampleOptions options = CertificateCredentials.parse(args);
        String thing = options.getThing() != null ? options.getThing() : "cert-creds-java";
        SampleOptions.runOrExit(() -> {
            long version;
            if (options.getEndpoint() == null) {
                try (IotEmulator emulator = IotEmulator.start()) {
                    emulator.createRoleAlias("device-role", "arn:aws:iam::" + emulator.getAccountId() + ":role/device");
                    DeviceIdentity device = emulator.registerThing(thing);
                    version = run(emulator.getEndpoint() + ":" + emulator.getPort8443(), "https://localhost:" + emulator.getPort443(),
                        emulator.getRegion(), "device-role", device.getThingName(),
                        TlsIdentity.fromPem(device.getCertificatePem(), device.getPrivateKeyPem(), null), TrustMaterial.fromPemFile(emulator.getCaPath()));
                }
            } else {
                version = run(options.extra("credentials-endpoint"), CertificateCredentials.dataEndpointUrl(options.getEndpoint()),
                    options.regionOrDefault(), options.extra("role-alias"), thing, options.identity(), options.trust());
            }
            System.out.println("shadow version " + version);
        });
    }

    /** Gets credentials for {@code roleAlias}, reports {@code online} in the shadow, returns its version. */
    public static long run(String credentialsEndpoint, String dataEndpoint, String region, String roleAlias, String thingName,
                           TlsIdentity identity, TrustMaterial trust) throws Exception {
        try (IotCredentialsProvider provider = IotCredentialsProvider.builder()
                .endpoint(credentialsEndpoint).roleAlias(roleAlias).thingName(thingName).identity(identity).trust(trust).build();
             IotDataPlaneClient client = IotDataPlaneClient.create(IotDataPlaneConfig.builder()
                .endpoint(dataEndpoint).region(region).credentialsProvider(provider).trust(trust).build())) {
            ShadowDocument shadow = client.asJava()
                .updateThingShadow(thingName, "{\"reported\":{\"online\":true}}", null).get(20, TimeUnit.SECONDS);
            System.out.println("reported online with temporary credentials, shadow version " + shadow.getVersion());
            return shadow.getVersion();
        }
    }
}
