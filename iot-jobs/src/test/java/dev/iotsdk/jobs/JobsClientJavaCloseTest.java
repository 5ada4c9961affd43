package dev.iotsdk.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.iotsdk.core.ConnectionType;
import dev.iotsdk.core.IotMqttClient;
import dev.iotsdk.core.IotMqttClientConfig;
import dev.iotsdk.emulator.IotEmulator;
import dev.iotsdk.test.IotEmulatorJUnitExtension;
import dev.iotsdk.model.jobs.GetPendingJobExecutionsResponse;
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

/** What closing a {@link JobsClientJava} releases: its futures, callbacks and own thread, never the caller's executor. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class JobsClientJavaCloseTest {

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
        try (IotMqttClient mqtt = client(emulator, "java-jobs-own-thread")) {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            JobsClientJava jobs = new JobsClient(mqtt, "java-jobs-own-thread").asJava();
            LinkedBlockingQueue<Thread> threads = new LinkedBlockingQueue<>();
            jobs.onNextJobExecutionChangedEvent(event -> threads.add(Thread.currentThread()), null);
            Thread thread = threads.poll(20, TimeUnit.SECONDS); // the Subscribed event
            assertNotNull(thread);
            assertTrue(thread.getName().startsWith("iotsdk-callbacks-"), thread.getName());

            jobs.close();
            thread.join(10_000);
            assertFalse(thread.isAlive(), "the view's own callback thread ends when the view closes");
            assertTrue(jobs.getPendingJobExecutions().isCancelled(), "a closed view's futures are cancelled at once");
        }
    }

    @Test
    void closingLeavesTheCallersExecutorRunning(IotEmulator emulator) throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "jobs-callbacks"));
        try (IotMqttClient mqtt = client(emulator, "java-jobs-caller-executor")) {
            mqtt.asJava().connect().get(20, TimeUnit.SECONDS);
            JobsClientJava jobs = new JobsClient(mqtt, "java-jobs-caller-executor").asJava(callbacks);
            LinkedBlockingQueue<String> threads = new LinkedBlockingQueue<>();
            jobs.onJobExecutionsChangedEvent(event -> threads.add(Thread.currentThread().getName()), null);
            String thread = threads.poll(20, TimeUnit.SECONDS);
            assertNotNull(thread);
            assertTrue(thread.startsWith("jobs-callbacks"), thread);

            jobs.close();
            assertFalse(callbacks.isShutdown());
            CountDownLatch stillRuns = new CountDownLatch(1);
            callbacks.execute(stillRuns::countDown);
            assertTrue(stillRuns.await(10, TimeUnit.SECONDS));
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void closingCancelsPendingRequests(IotEmulator emulator) throws Exception {
        // never connected: the request waits in the offline queue, for up to a minute
        try (IotMqttClient offline = client(emulator, "java-jobs-offline")) {
            JobsClientJava jobs = new JobsClient(offline, "java-jobs-offline", new JobsClientOptions(Duration.ofMinutes(1)))
                .asJava();
            CompletableFuture<GetPendingJobExecutionsResponse> pending = jobs.getPendingJobExecutions();
            jobs.close();
            assertThrows(CancellationException.class, () -> pending.get(10, TimeUnit.SECONDS));
            assertTrue(pending.isCancelled());
        }
    }
}
