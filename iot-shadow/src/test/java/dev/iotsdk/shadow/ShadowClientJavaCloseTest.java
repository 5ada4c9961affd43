package dev.iotsdk.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.core.ConnectionType;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import dev.iotsdk.model.shadow.ShadowDocument;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What closing a {@link ShadowClientJava} releases: its futures, callbacks and own thread, never the caller's executor. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class ShadowClientJavaCloseTest {

    private static IotMqttClient client(IotEmulator emulator, String id) {
        return IotMqttClient.create(IotMqttClientConfig.builder()
            .endpoint(emulator.getEndpoint())
            .port(emulator.getPlainPort())
            .connectionType(new ConnectionType.Tcp())
            .clientId(id)
            .build());
    }

    @Test
    void closingEndsTheViewsOwnCallbackThreadAndLaterCallsAreCancelled(IotEmulator emulator) throws Exception {
        try (IotMqttClient mqtt = client(emulator, "java-shadow-own-thread")) {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            ShadowClient kotlin = new ShadowClient(mqtt, "java-close-lamp");
            ShadowClientJava shadow = kotlin.asJava();
            LinkedBlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
            shadow.onDeltaEvent(null, event -> threads.add(Thread.currentThread()), null);
            Thread thread = threads.poll(20, TimeUnit.SECONDS); // the Subscribed event
            assertNotNull(thread);
            assertTrue(thread.getName().startsWith("iotsdk-callbacks-"), thread.getName());

            shadow.close();
            thread.join(10_000);
            assertFalse(thread.isAlive(), "the view's own callback thread ends when the view closes");
            assertTrue(shadow.get().isCancelled(), "a closed view's futures are cancelled at once");

            // the Kotlin client stays open: another view of it works
            ShadowClientJava again = kotlin.asJava();
            ShadowDocument doc = again.update("{\"reported\":{\"power\":\"on\"}}", null, null).get(20, TimeUnit.SECONDS);
            assertEquals(1L, doc.getVersion());
            again.close();
            kotlin.close();
        }
    }

    @Test
    void closingLeavesTheCallersExecutorRunning(IotEmulator emulator) throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "shadow-callbacks"));
        try (IotMqttClient mqtt = client(emulator, "java-shadow-caller-executor")) {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            ShadowClient kotlin = new ShadowClient(mqtt, "java-close-lamp-2");
            ShadowClientJava shadow = kotlin.asJava(callbacks);
            LinkedBlockingQueue<String> threads = new LinkedBlockingQueue<>();
            shadow.onDeltaEvent(null, event -> threads.add(Thread.currentThread().getName()), null);
            String thread = threads.poll(20, TimeUnit.SECONDS);
            assertNotNull(thread);
            assertTrue(thread.startsWith("shadow-callbacks"), thread);

            shadow.close();
            assertFalse(callbacks.isShutdown());
            CountDownLatch stillRuns = new CountDownLatch(1);
            callbacks.execute(stillRuns::countDown);
            assertTrue(stillRuns.await(10, TimeUnit.SECONDS));
            kotlin.close();
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void closingCancelsPendingRequests(IotEmulator emulator) throws Exception {
        // never connected: the request waits in the offline queue, for up to a minute
        try (IotMqttClient offline = client(emulator, "java-shadow-offline")) {
            ShadowClient kotlin = new ShadowClient(offline, "java-offline-lamp", new ShadowOptions(Duration.ofMinutes(1)));
            ShadowClientJava shadow = kotlin.asJava();
            CompletableFuture<ShadowDocument> pending = shadow.get();
            CompletableFuture<ShadowDocument> pendingNamed = shadow.get("named");
            shadow.close();
            assertThrows(CancellationException.class, () -> pending.get(10, TimeUnit.SECONDS));
            assertThrows(CancellationException.class, () -> pendingNamed.get(10, TimeUnit.SECONDS));
            assertTrue(pending.isCancelled());
            kotlin.close();
        }
    }
}
