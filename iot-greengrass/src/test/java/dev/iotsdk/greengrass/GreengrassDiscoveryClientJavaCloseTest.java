package dev.iotsdk.greengrass;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.auth.TlsIdentity;
import dev.iotsdk.auth.TrustMaterial;
import dev.iotsdk.emulator.DeviceIdentity;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import dev.iotsdk.model.greengrass.DiscoveryInfo;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What closing a {@link GreengrassDiscoveryClientJava} releases: its futures, never the caller's executor. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class GreengrassDiscoveryClientJavaCloseTest {

    @Test
    void closingCancelsAPendingDiscoveryAndLeavesTheCallersExecutorRunning(IotEmulator emulator) throws Exception {
        DeviceIdentity device = emulator.registerThing("gg-java-close");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        // a server that accepts the connection and never answers: the discovery stays pending
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            silent.setSoTimeout(20_000);
            GreengrassDiscoveryClientJava discovery = GreengrassDiscoveryClient.create(GreengrassDiscoveryConfig.builder()
                .endpoint("127.0.0.1")
                .port(silent.getLocalPort())
                .identity(TlsIdentity.fromPem(device.getCertificatePem(), device.getPrivateKeyPem(), null))
                .trust(TrustMaterial.fromPem(emulator.getCaCertificatePem()))
                .timeout(Duration.ofMinutes(1))
                .build()).asJava(executor);
            CompletableFuture<DiscoveryInfo> pending = discovery.discover("gg-java-close");
            try (Socket accepted = silent.accept()) {
                discovery.close();
                assertThrows(CancellationException.class, () -> pending.get(10, TimeUnit.SECONDS));
                assertTrue(pending.isCancelled());
                assertTrue(discovery.discover("gg-java-close").isCancelled(), "a closed view's futures are cancelled at once");
                assertFalse(executor.isShutdown());
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
