package dev.iotsdk.dataplane;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.auth.Credentials;
import dev.iotsdk.auth.StaticCredentialsProvider;
import dev.iotsdk.model.shadow.ShadowDocument;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What closing an {@link IotDataPlaneClient} does to its Java view. */
class IotDataPlaneClientJavaCloseTest {

    @Test
    void closingTheClientCancelsTheViewsPendingFuturesAndLaterCalls() throws Exception {
        // a server that accepts the connection and never answers: the request stays pending
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            silent.setSoTimeout(20_000);
            IotDataPlaneClient client = IotDataPlaneClient.create(IotDataPlaneConfig.builder()
                .endpoint("http://127.0.0.1:" + silent.getLocalPort())
                .region("us-east-1")
                .credentialsProvider(new StaticCredentialsProvider(new Credentials("AKIDEXAMPLE", "secret", null, null)))
                .requestTimeout(Duration.ofMinutes(1))
                .build());
            IotDataPlaneClientJava data = client.asJava();
            assertSame(data, client.asJava(), "one Java view per client");
            CompletableFuture<ShadowDocument> pending = data.getThingShadow("lamp", null);
            try (Socket accepted = silent.accept()) {
                client.close();
                assertThrows(CancellationException.class, () -> pending.get(10, TimeUnit.SECONDS));
                assertTrue(pending.isCancelled());
                assertTrue(data.getThingShadow("lamp", null).isCancelled(), "a closed view's futures are cancelled at once");
            }
        }
    }
}
