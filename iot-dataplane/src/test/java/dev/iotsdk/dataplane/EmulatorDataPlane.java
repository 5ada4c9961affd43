package dev.iotsdk.dataplane;

import dev.iotsdk.auth.Credentials;
import dev.iotsdk.auth.StaticCredentialsProvider;
import dev.iotsdk.auth.TrustMaterial;
import dev.iotsdk.emulator.IotEmulator;
import java.time.Duration;

/** The data-plane client configuration the Java tests use: the emulator's HTTPS endpoint and credentials. */
final class EmulatorDataPlane {
    private EmulatorDataPlane() {
    }

    static IotDataPlaneConfig config(IotEmulator emulator) {
        return IotDataPlaneConfig.builder()
            .endpoint("https://localhost:" + emulator.getPort443())
            .region(emulator.getRegion())
            .credentialsProvider(new StaticCredentialsProvider(
                new Credentials(emulator.getCredentials().getAccessKeyId(), emulator.getCredentials().getSecretAccessKey(), null, null)))
            .trust(TrustMaterial.fromPemFile(emulator.getCaPath()))
            .requestTimeout(Duration.ofSeconds(10))
            .build();
    }
}
