package dev.iotsdk.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hivemq.client.mqtt.MqttClient;
import dev.iotsdk.emulator.EmulatorEvent.ClientConnected;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Java forms of the emulator's event stream: {@code onEvent} listeners and {@code awaitEventAsync} futures. */
@ExtendWith(IotEmulatorJUnitExtension.class)
class IotEmulatorJavaEventsTest {
    private final LinkedBlockingQueue<Throwable> uncaught = new LinkedBlockingQueue<>();
    private ExecutorService executor;

    @BeforeEach
    void startExecutor() {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "test-listener");
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
            return thread;
        });
    }

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    @Test
    void listenersGetLiveEventsOnTheirExecutorUntilClosed(IotEmulator emulator) throws Exception {
        LinkedBlockingQueue<EmulatorEvent> closedLater = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<EmulatorEvent> stays = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> threads = new LinkedBlockingQueue<>();
        AutoCloseable first = emulator.onEvent(executor, e -> {
            threads.add(Thread.currentThread().getName());
            closedLater.add(e);
        });
        try (AutoCloseable second = emulator.onEvent(stays::add)) {
            connectAndDisconnect(emulator, "java-events-1");
            ClientConnected connected = nextConnected(closedLater);
            assertEquals("java-events-1", connected.getClientId());
            assertEquals(EmulatorEvent.LISTENER_PLAIN, connected.getListener());
            String thread = threads.poll(10, TimeUnit.SECONDS);
            assertTrue(thread != null && thread.startsWith("test-listener"), "listener ran on " + thread);
            assertEquals("java-events-1", nextConnected(stays).getClientId());

            first.close();
            first.close(); // idempotent
            closedLater.clear();
            connectAndDisconnect(emulator, "java-events-2");
            assertEquals("java-events-2", nextConnected(stays).getClientId());
            assertTrue(closedLater.stream().noneMatch(e -> e instanceof ClientConnected
                && ((ClientConnected) e).getClientId().equals("java-events-2")), "a closed listener got " + closedLater);
        }
    }

    @Test
    void aListenerThatThrowsIsReportedAndKeepsReceiving(IotEmulator emulator) throws Exception {
        LinkedBlockingQueue<EmulatorEvent> received = new LinkedBlockingQueue<>();
        try (AutoCloseable listener = emulator.onEvent(executor, e -> {
            if (e instanceof ClientConnected && ((ClientConnected) e).getClientId().equals("java-throws-1")) {
                throw new IllegalStateException("listener bug");
            }
            received.add(e);
        })) {
            connectAndDisconnect(emulator, "java-throws-1");
            Throwable reported = uncaught.poll(10, TimeUnit.SECONDS);
            assertInstanceOf(IllegalStateException.class, reported);
            assertEquals("listener bug", reported.getMessage());
            connectAndDisconnect(emulator, "java-throws-2");
            assertEquals("java-throws-2", nextConnected(received).getClientId());
        }
    }

    @Test
    void awaitEventAsyncSeesPastAndFutureEventsAndTimesOut(IotEmulator emulator) throws Exception {
        connectAndDisconnect(emulator, "java-await-past");
        EmulatorEvent past = emulator.awaitEventAsync(Duration.ofSeconds(10),
            e -> e instanceof ClientConnected && ((ClientConnected) e).getClientId().equals("java-await-past")).get(10, TimeUnit.SECONDS);
        assertEquals("java-await-past", ((ClientConnected) past).getClientId());

        CompletableFuture<EmulatorEvent> refused = emulator.awaitEventAsync(Duration.ofSeconds(10),
            e -> e instanceof EmulatorEvent.ConnectionRefused && ((EmulatorEvent.ConnectionRefused) e).getListener().equals(EmulatorEvent.LISTENER_443));
        sendGarbageTo443(emulator);
        assertInstanceOf(EmulatorEvent.ConnectionRefused.class, refused.get(10, TimeUnit.SECONDS));

        CompletableFuture<EmulatorEvent> never = emulator.awaitEventAsync(Duration.ofMillis(200), e -> false);
        ExecutionException timedOut = assertThrows(ExecutionException.class, () -> never.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, timedOut.getCause());
        assertTrue(timedOut.getCause().getMessage().startsWith("no matching emulator event within"));
    }

    @Test
    void closingTheEmulatorCancelsPendingFuturesAndListeners() throws Exception {
        IotEmulator emulator = IotEmulator.start(IotEmulatorConfig.builder().build());
        AutoCloseable listener;
        CompletableFuture<EmulatorEvent> pending;
        try {
            listener = emulator.onEvent(executor, e -> { });
            pending = emulator.awaitEventAsync(Duration.ofMinutes(5), e -> false);
        } finally {
            emulator.close();
        }
        assertThrows(CancellationException.class, () -> pending.get(10, TimeUnit.SECONDS));
        assertTrue(pending.isCancelled());
        listener.close(); // still safe after the emulator closed
        assertNull(uncaught.poll());
    }

    private static ClientConnected nextConnected(LinkedBlockingQueue<EmulatorEvent> events) throws InterruptedException {
        while (true) {
            EmulatorEvent event = events.poll(10, TimeUnit.SECONDS);
            if (event == null) throw new AssertionError("no ClientConnected event within 10 s");
            if (event instanceof ClientConnected) return (ClientConnected) event;
        }
    }

    private static void connectAndDisconnect(IotEmulator emulator, String clientId) {
        Mqtt5BlockingClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
            .serverHost(emulator.getEndpoint()).serverPort(emulator.getPlainPort()).buildBlocking();
        client.connect();
        client.disconnect();
    }

    private static void sendGarbageTo443(IotEmulator emulator) {
        try (Socket socket = new Socket(emulator.getEndpoint(), emulator.getPort443())) {
            socket.getOutputStream().write("not TLS".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.getInputStream().read();
        } catch (IOException ignored) {
            // the emulator closes the connection
        }
    }
}
